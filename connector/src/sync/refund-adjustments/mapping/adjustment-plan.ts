/**
 * Pure: a credit note marked for Amazon -> the payment adjustment's message (one AdjustedItem per Amazon order item)
 * or the reasons it cannot be one. A product line goes to the Amazon item of its SKU (its units, Principal = the
 * line's untaxed amount, Tax = its tax); the order's service lines (shipping, gift wrap: bound service products) go
 * on the first adjusted item (Amazon adjusts per item) by their kind: shipping as Shipping and ShippingTax, gift wrap
 * as GiftWrap and GiftWrapTax, COD and other charges as Other (tax in Tax); a promotion or rounding line (negative)
 * lowers the items' Principal and Tax (the largest first), as the buyer paid that much less. Amounts are integer minor units
 * from Odoo's numbers (decimal text, never float arithmetic); the components must add up to the credit note's total,
 * so Amazon gives back exactly what the ERP credited. An item whose tax Amazon withheld (withheld-tax.ts) then gets
 * its share of that tax on top (the credit note is the seller's net, the buyer paid the gross): what the buyer gets
 * back is the credit note plus that share, and the seller's money, once Amazon returns the tax, the credit note.
 */
import { currencyExponent, divRound, formatMinor, parseDecimal, rescale } from '../../../core/money.ts';
import type { AdjustmentReason, PaymentAdjustmentBody } from '../../../amazon/feeds/index.ts';
import type { AdjustedItem } from '../adjustment-records.ts';
import type { CreditNote } from '../erp/credit-note-out.gateway.ts';
import type { WithheldItem } from './withheld-tax.ts';

/** An item of the stored Amazon order, as the plan reads it. */
/** `sold`: units ordered (what Amazon has shipped is Amazon's to check: the stored order may predate the shipment). */
export interface OrderItemView { orderItemId: string; sku: string | null; sold: number }

export interface PlanInput {
  creditNote: CreditNote;
  adjustmentId: string;
  reason: AdjustmentReason;
  amazonOrderId: string;
  currency: string;
  items: readonly OrderItemView[];
  /** The order's service products by ERP product id: their kind (`shipping`, `giftWrap`, `promotion`, ...). */
  serviceProducts: ReadonlyMap<number, string>;
  /** The order's items whose tax Amazon withheld, by order item id (none: the seller billed every tax). */
  withheld?: ReadonlyMap<string, WithheldItem>;
}

export type Plan =
  /** `totalMinor`: what the buyer gets back (the sum sent); `creditNoteMinor`: the credit note's total. */
  | { ok: true; body: PaymentAdjustmentBody; items: AdjustedItem[]; totalMinor: bigint; creditNoteMinor: bigint }
  | { ok: false; problems: string[] };

type Component = PaymentAdjustmentBody['items'][number]['components'][number];
interface Draft { orderItemId: string; sku: string; quantity: number; principal: bigint; tax: bigint; shipping: bigint; shippingTax: bigint; giftWrap: bigint; giftWrapTax: bigint; other: bigint }
type Service = Pick<Draft, 'principal' | 'tax' | 'shipping' | 'shippingTax' | 'giftWrap' | 'giftWrapTax' | 'other'>;
const zero = (): Service => ({ principal: 0n, tax: 0n, shipping: 0n, shippingTax: 0n, giftWrap: 0n, giftWrapTax: 0n, other: 0n });

/** Where a service line's amounts go, by its kind. */
function addService(to: Service, kind: string, net: bigint, tax: bigint): void {
  if (kind === 'shipping') { to.shipping += net; to.shippingTax += tax; }
  else if (kind === 'giftWrap') { to.giftWrap += net; to.giftWrapTax += tax; }
  else if (kind === 'promotion' || kind === 'rounding') { to.principal += net; to.tax += tax; }
  else { to.other += net; to.tax += tax; }
}

export function planAdjustment(p: PlanInput): Plan {
  const exp = currencyExponent(p.currency);
  const minor = (n: number) => rescale(parseDecimal(String(n)), exp);
  const problems: string[] = [];
  if (p.creditNote.currency !== p.currency) problems.push(`the credit note is in ${p.creditNote.currency ?? '?'}, the Amazon order in ${p.currency}`);
  const drafts = new Map<string, Draft>();
  const services = zero();
  for (const l of p.creditNote.lines) {
    const net = minor(l.subtotal);
    const tax = minor(l.total) - net;
    const kind = l.productId === null ? undefined : p.serviceProducts.get(l.productId);
    if (kind !== undefined) {
      addService(services, kind, net, tax);
      continue;
    }
    const matches = p.items.filter((i) => l.sku !== null && i.sku === l.sku);
    if (matches.length !== 1) {
      problems.push(l.sku === null ? `line ${l.id} has no product reference` : `SKU ${l.sku} is on ${matches.length} items of Amazon order ${p.amazonOrderId}`);
      continue;
    }
    const item = matches[0]!;
    if (!Number.isInteger(l.quantity) || l.quantity < 0) problems.push(`line ${l.id}: ${l.quantity} units is not a whole number`);
    const d = drafts.get(item.orderItemId) ?? { orderItemId: item.orderItemId, sku: l.sku!, quantity: 0, ...zero() };
    d.quantity += l.quantity;
    d.principal += net;
    d.tax += tax;
    drafts.set(item.orderItemId, d);
  }
  for (const d of drafts.values()) {
    const item = p.items.find((i) => i.orderItemId === d.orderItemId)!;
    if (d.quantity > item.sold) problems.push(`SKU ${d.sku}: ${d.quantity} units credited, ${item.sold} sold on Amazon`);
  }
  // A discount (negative Principal/Tax) is taken from the items with the most to give back first: an order-wide
  // promotion may exceed the first item's price.
  for (const k of ['principal', 'tax'] as const) {
    for (const d of [...drafts.values()].sort((a, b) => (b[k] > a[k] ? 1 : b[k] < a[k] ? -1 : 0))) {
      if (services[k] >= 0n) break;
      const take = d[k] < -services[k] ? d[k] : -services[k];
      if (take <= 0n) continue;
      d[k] -= take;
      services[k] += take;
    }
  }
  if (Object.values(services).some((v) => v !== 0n)) {
    const first = drafts.values().next().value ?? (p.items[0] ? { orderItemId: p.items[0].orderItemId, sku: p.items[0].sku ?? '', quantity: 0, ...zero() } : undefined);
    if (!first) problems.push(`Amazon order ${p.amazonOrderId} has no item to carry the charges refunded`);
    else {
      const next = { ...first };
      for (const k of Object.keys(services) as (keyof Service)[]) next[k] += services[k];
      drafts.set(first.orderItemId, next);
    }
  }
  const parts = (d: Draft) => [['Principal', d.principal], ['Tax', d.tax], ['Shipping', d.shipping], ['ShippingTax', d.shippingTax],
    ['GiftWrap', d.giftWrap], ['GiftWrapTax', d.giftWrapTax], ['Other', d.other]] as const;
  for (const d of drafts.values()) for (const [type, v] of parts(d)) if (v < 0n) problems.push(`SKU ${d.sku}: a negative ${type} (${formatMinor(v, p.currency)}) cannot be given back`);
  const sum = (d: Draft) => parts(d).reduce((s, [, v]) => s + v, 0n);
  const total = [...drafts.values()].reduce((s, d) => s + sum(d), 0n);
  const noteTotal = minor(p.creditNote.amountTotal);
  if (!problems.length && total !== noteTotal) problems.push(`the lines add up to ${formatMinor(total, p.currency)}, the credit note totals ${formatMinor(noteTotal, p.currency)}`);
  if (!problems.length && total <= 0n) problems.push('nothing to give back');
  if (problems.length) return { ok: false, problems };
  // The tax Amazon withheld, given back to the buyer with the rest: each item's share in proportion to what the
  // seller credits of it (the whole of it when all is credited), apart (Tax) or inside the gross (Principal) as
  // Amazon shows it.
  for (const d of drafts.values()) {
    const w = p.withheld?.get(d.orderItemId);
    if (!w || w.sellerNetMinor <= 0n) continue;
    const share = divRound(w.withheldMinor * sum(d), w.sellerNetMinor);
    const capped = share > w.withheldMinor ? w.withheldMinor : share;
    if (w.inTax) d.tax += capped;
    else d.principal += capped;
  }
  const buyerTotal = [...drafts.values()].reduce((s, d) => s + sum(d), 0n);
  const list = [...drafts.values()].filter((d) => parts(d).some(([, v]) => v > 0n));
  const bodyItems = list.map((d, i) => ({
    orderItemId: d.orderItemId,
    merchantAdjustmentItemId: `${p.adjustmentId}-${i + 1}`,
    reason: p.reason,
    ...(d.quantity > 0 ? { quantity: d.quantity } : {}),
    components: parts(d).filter(([, v]) => v > 0n).map(([type, v]): Component => ({ type, amount: formatMinor(v, p.currency) })),
  }));
  const items: AdjustedItem[] = list.map((d, i) => ({
    orderItemId: d.orderItemId, merchantAdjustmentItemId: bodyItems[i]!.merchantAdjustmentItemId, sku: d.sku, quantity: d.quantity,
    amountMinor: String(sum(d)),
  }));
  return { ok: true, body: { amazonOrderId: p.amazonOrderId, currency: p.currency, items: bodyItems }, items, totalMinor: buyerTotal, creditNoteMinor: noteTotal };
}
