/**
 * Amazon order items -> ERP order lines: one product line per item, and service lines (shipping, gift wrap,
 * COD fee, other, promotions as NEGATIVE lines since Odoo's discount is a percentage) summed per product and tax
 * as long as the sum keeps Amazon's VAT under Odoo's per-line rounding (else a line of their own: the ERP's tax
 * must equal Amazon's, not only the total).
 * Every line carries its taxes explicitly, an empty set when none, so the ERP's default taxes never sneak in.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { divRound, rateBasisPoints } from '../../../core/money.ts';
import { itemAmounts, type Component, type ItemAmounts } from './item-amounts.ts';
import { taxResolver } from './line-tax.ts';
import { settleUntaxed } from './untaxed-items.ts';
import type { OrderMapContext, ProblemList, ServiceProducts } from './order-map-context.ts';
import type { OrderVat } from './order-vat.ts';
import { remainingQuantity } from '../../../amazon/order-units.ts';
import type { LineTax, TotalLine } from './order-total.ts';

export type LineKind = 'product' | keyof ServiceProducts;

/** A line before it becomes ERP vals: money in minor units, the Amazon item it comes from. */
export interface LineDraft extends TotalLine {
  kind: LineKind;
  productId: number;
  orderItemId?: string;
  sku?: string;
}

export interface OrderLinesResult {
  lines: LineDraft[];
  /** Per item, for the expected total. */
  amounts: ItemAmounts[];
  /** Tax Amazon withholds (marketplace facilitator), per order item id, in minor units. */
  withheldByItem: Record<string, bigint>;
  withheldTotal: bigint;
}

const SERVICE_OF: Record<Exclude<Component, 'ITEM'>, keyof ServiceProducts> = {
  SHIPPING: 'shipping',
  GIFT_WRAP: 'giftWrap',
  COD_FEE: 'codFee',
  OTHER: 'other',
  DISCOUNT: 'promotion',
};
const SERVICE_ORDER: readonly (keyof ServiceProducts)[] = ['shipping', 'giftWrap', 'codFee', 'other', 'promotion'];

/** The line amount: gross where the ERP tax is price-included, net otherwise. */
const lineAmount = (net: bigint, tax: bigint, t: LineTax | null): bigint => (t?.priceIncluded ? net + tax : net);

/** A service line in the making: what it sums and the tax Amazon charged on that. */
interface ServiceLine {
  kind: keyof ServiceProducts;
  amount: bigint;
  amazonTax: bigint;
  tax: LineTax | null;
}

/** One separately taxed part of a component: its line amount and Amazon's tax on it. */
interface ServicePart {
  amount: bigint;
  tax: bigint;
}

/**
 * The ERP line amounts of one component: one, or one per part Amazon taxed on its own, so that Odoo's per-line
 * rounding taxes each part as Amazon did. For a price-included tax each part's gross needs its own tax, which
 * Amazon gives only summed: the split is the one whose part taxes are each what the tax of that gross rounds to
 * and add up to Amazon's; when none does, the component stays one line.
 */
function partsOf(net: bigint, tax: bigint, t: LineTax | null, split: Array<{ subtype: string; net: bigint }> | undefined): ServicePart[] {
  const whole = [{ amount: lineAmount(net, tax, t), tax: t ? tax : 0n }];
  if (!t || !split || split.length < 2) return whole;
  const bp = rateBasisPoints(t.rate);
  // Net prices: Odoo taxes each part's net as Amazon did (its split of the tax is not needed).
  if (!t.priceIncluded) return split.map((p) => ({ amount: p.net, tax: divRound(p.net * bp, 10000n) }));
  // Per part, the taxes a gross of (net + tax) would carry: a part's tax is within a cent or two of net x rate.
  const candidates = split.map((p) => {
    const guess = divRound(p.net * bp, 10000n);
    return [guess - 1n, guess, guess + 1n, guess + 2n, guess - 2n].filter((x) => divRound((p.net + x) * bp, 10000n + bp) === x);
  });
  const pick = (i: number, left: bigint): bigint[] | null => {
    if (i === split.length) return left === 0n ? [] : null;
    for (const x of candidates[i]!) {
      const rest = pick(i + 1, left - x);
      if (rest) return [x, ...rest];
    }
    return null;
  };
  const taxes = pick(0, tax);
  return taxes ? split.map((p, i) => ({ amount: p.net + taxes[i]!, tax: taxes[i]! })) : whole;
}

/** Odoo's tax of a one-unit line of `amount` under round per line (none without a tax). */
function erpLineTax(amount: bigint, t: LineTax | null): bigint {
  if (!t) return 0n;
  const bp = rateBasisPoints(t.rate);
  return divRound(amount * bp, t.priceIncluded ? 10000n + bp : 10000n);
}

/** Maps the items of an order to line drafts; problems (unknown SKU, unmapped tax) are collected, not thrown. */
export function mapOrderLines(order: Order, currency: string, vat: OrderVat | null, ctx: OrderMapContext, problems: ProblemList): OrderLinesResult {
  const resolve = taxResolver(vat, ctx, problems);
  const lines: LineDraft[] = [];
  const amounts: ItemAmounts[] = [];
  const withheldByItem: Record<string, bigint> = {};
  let withheldTotal = 0n;
  // Per (service, tax): the lines so far, each with the tax Amazon charged on what it sums.
  const services = new Map<string, ServiceLine[]>();

  for (const item of order.orderItems) {
    // An untaxed item's meaning (0 %, or a gross whose tax Amazon left out) is the order regime's to decide.
    const a = settleUntaxed(itemAmounts(item, currency, problems), item, vat, ctx, problems);
    amounts.push(a);
    const orderItemId = item.orderItemId;
    if (a.withheld) {
      withheldByItem[orderItemId] = a.taxTotal;
      withheldTotal += a.taxTotal;
    }
    // Withheld tax is not the seller's to bill: such lines carry no tax and net prices. An undecided rate is a
    // problem already: no second one for the 0 % it would otherwise be read as.
    const taxOf = (c: Component, hint?: string, roundings?: number): LineTax | null =>
      a.withheld || a.rateUndecided ? null : resolve({ net: a.net[c], tax: a.tax[c], orderItemId, component: c, hint, roundings, ...(a.rate === undefined ? {} : { rate: a.rate }) });

    // Units the seller cancelled are not sold: the line has what remains (Amazon's proceeds are for those).
    const qty = remainingQuantity(item);
    const sku = item.product.sellerSku;
    const productId = sku === undefined ? undefined : ctx.productIdBySku.get(sku);
    const archived = sku === undefined ? undefined : ctx.archivedBySku?.get(sku);
    if (qty > 0 && productId === undefined && archived) {
      problems.add('PRODUCT_ARCHIVED', `SKU ${sku} maps to the ERP product "${archived.name}" (id ${archived.productId}), which is archived: activate it (activate_and_retry) or map the SKU to another product`, { sku: sku ?? null, productId: archived.productId, product: archived.name, orderItemId }, `PRODUCT_ARCHIVED:${sku}`);
    } else if (qty > 0 && productId === undefined) {
      problems.add('SKU_UNMAPPED', `SKU ${sku ?? '(none)'} has no ERP product`, { sku: sku ?? null, orderItemId }, `SKU_UNMAPPED:${sku}`);
    }
    const itemTax = taxOf('ITEM', undefined, qty);
    if (qty > 0) {
      // A unit price that does not divide evenly is rounded; the rounding line absorbs the last minor unit.
      const priceUnit = divRound(lineAmount(a.net.ITEM, a.tax.ITEM, itemTax), BigInt(qty));
      lines.push({ kind: 'product', productId: productId ?? 0, orderItemId, sku, quantity: qty, priceUnit, tax: itemTax });
    }
    for (const c of Object.keys(SERVICE_OF) as Exclude<Component, 'ITEM'>[]) {
      if (a.net[c] === 0n && a.tax[c] === 0n) continue;
      const t = taxOf(c, itemTax?.rate, a.parts[c]);
      const kind = SERVICE_OF[c];
      // A component Amazon taxed in parts (a promotion on the item and on its shipping) stays in parts.
      const key = `${kind}|${t?.taxId ?? '-'}|${t?.priceIncluded ?? '-'}`;
      const list = services.get(key) ?? [];
      services.set(key, list);
      for (const part of partsOf(a.net[c], a.tax[c], t, a.split[c])) {
        // Summed onto a line only where Odoo's tax of the sum is still the sum of Amazon's taxes: else its own line.
        const into = list.find((l) => erpLineTax(l.amount + part.amount, t) === l.amazonTax + part.tax);
        if (into) {
          into.amount += part.amount;
          into.amazonTax += part.tax;
        } else list.push({ kind, amount: part.amount, amazonTax: part.tax, tax: t });
      }
    }
  }
  const ordered = [...services.values()].flat().sort((x, y) => SERVICE_ORDER.indexOf(x.kind) - SERVICE_ORDER.indexOf(y.kind));
  for (const s of ordered) {
    if (s.amount === 0n) continue;
    lines.push({ kind: s.kind, productId: ctx.serviceProducts[s.kind], quantity: 1, priceUnit: s.amount, tax: s.tax });
  }
  return { lines, amounts, withheldByItem, withheldTotal };
}
