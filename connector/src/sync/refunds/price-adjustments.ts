/**
 * Refunds of part of a price (goodwill, a partial refund of a line or of its shipping): after the draft is cut to
 * the refunded units and its total is still not Amazon's, each line whose refunded amount is not what it carries is
 * set to carry exactly that amount, in the line's own price basis (the orders import put Amazon's amounts into
 * `price_unit`): `quantity` the refunded units and `price_unit` the amount per unit when it divides to the minor
 * unit, else quantity 1 at the whole amount. The ERP then computes the tax as on the invoice, and the caller's
 * check to the minor unit decides: a rounding the ERP's tax makes differently is a conflict, never adjusted.
 * Pure: no I/O.
 */
import { currencyExponent, minorToNumber, parseDecimal, rescale } from '../../core/money.ts';
import type { CreditLine } from './erp/credit-note.gateway.ts';
import type { RefundDocument } from './refund-document.ts';

/** The refund parts each service line carries (service product binding key -> the parts' paths). */
export const SERVICE_PARTS: Record<string, (path: string) => boolean> = {
  'service:shipping': (p) => p === 'productcharges/shipping',
  'service:giftWrap': (p) => p === 'productcharges/giftwrap',
  'service:other': (p) => p === 'productcharges/othercharges',
  'service:promotion': (p) => p.startsWith('promotion'),
};

export interface PricePlan {
  updates: Map<number, { quantity: number; price_unit: number }>;
  removed: number[];
}

const abs = (x: bigint) => (x < 0n ? -x : x);
const isTax = (path: string) => path === 'tax' || path.startsWith('tax/');
const PRINCIPAL = (p: string) => p === 'productcharges/principal';

/**
 * One item's refunded amount of some parts (minor, positive), without tax (`net`) and with its share of the item's
 * tax less the tax Amazon withheld (`gross`): Amazon gives one tax figure per item, shared out over its charges in
 * proportion to their amounts (the principal takes the rounding).
 */
function shareOf(item: RefundDocument['items'][number], test: (path: string) => boolean): { net: bigint; gross: bigint } {
  const entries = Object.entries(item.parts).map(([p, v]) => [p, BigInt(v)] as const);
  const charges = entries.filter(([p]) => !isTax(p) && !p.startsWith('taxwithheld'));
  // Tax Amazon withheld comes back to it (a positive leaf): what is left of the tax is the seller's (none, on a
  // line whose tax Amazon withheld: the invoice line carries no tax, its price the net).
  const tax = entries.filter(([p]) => isTax(p) || p.startsWith('taxwithheld')).reduce((s, [, v]) => s + v, 0n);
  const base = charges.reduce((s, [, v]) => s + v, 0n);
  const taxOf = (amount: bigint) => (base === 0n ? 0n : (tax * amount) / base);
  const mine = charges.filter(([p]) => test(p)).reduce((s, [, v]) => s + v, 0n);
  if (!test('productcharges/principal')) return { net: abs(mine), gross: abs(mine + taxOf(mine)) };
  // The principal's share is the rest, so that the shares add up to the item's tax exactly.
  const others = charges.filter(([p]) => !PRINCIPAL(p)).reduce((s, [, v]) => s + taxOf(v), 0n);
  return { net: abs(mine), gross: abs(mine + tax - others) };
}

/** What to write so that each line carries the refunded amount; `serviceKinds`: product id -> its binding key. */
export function priceAdjustments(lines: readonly CreditLine[], doc: RefundDocument, serviceKinds: ReadonlyMap<number, string>): PricePlan {
  const exp = currencyExponent(doc.currency);
  const minor = (n: number) => rescale(parseDecimal(String(n)), exp);
  const plan: PricePlan = { updates: new Map(), removed: [] };
  /** The line set to carry the refunded amount of `items`' parts for `units`, in its basis, keeping its price's sign. */
  const carry = (l: CreditLine, items: RefundDocument['items'], test: (path: string) => boolean, units: number) => {
    const price = minor(l.priceUnit);
    // A price with its tax included (price_total = price x quantity) carries the tax share; one without, the net.
    const included = abs(minor(l.priceTotal)) === abs(price) * BigInt(l.quantity);
    const amount = items.reduce((s, i) => s + (included ? shareOf(i, test).gross : shareOf(i, test).net), 0n);
    if (amount === abs(price) * BigInt(l.quantity)) return;
    if (amount === 0n) return void plan.removed.push(l.id);
    const sign = price < 0n ? -1n : 1n;
    const each = units >= 1 && amount % BigInt(units) === 0n;
    plan.updates.set(l.id, { quantity: each ? units : 1, price_unit: minorToNumber(sign * (each ? amount / BigInt(units) : amount), doc.currency) });
  };
  for (const l of lines.filter((x) => x.displayType === null || x.displayType === 'product')) {
    const kind = l.productId === null ? undefined : serviceKinds.get(l.productId);
    if (kind !== undefined) {
      // The rounding line of the order belongs to the whole invoice: a refund of part of a price leaves it off.
      const parts = SERVICE_PARTS[kind];
      if (!parts) plan.removed.push(l.id);
      else carry(l, doc.items, parts, 1);
      continue;
    }
    const items = doc.items.filter((i) => i.sku !== null && i.sku === l.sku);
    if (!items.length) continue;
    carry(l, items, PRINCIPAL, items.reduce((s, i) => s + (i.quantity ?? 0), 0));
  }
  return plan;
}
