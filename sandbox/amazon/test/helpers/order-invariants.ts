/**
 * The amount convention checked on a full order (README "Amounts"): returns the broken rules, empty when the order
 * adds up. Amounts are compared in integer minor units.
 */
import { loadCatalogue } from '../../src/catalogue.ts';
import { minorDigits, percentToBasisPoints, taxInGross, toMinor } from '../../src/generator/money.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sumOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/**
 * Units the buyer pays for: ordered less what the seller cancelled (ordered - fulfilled - unfulfilled) on an order
 * that goes on; a cancelled order keeps the proceeds of what was ordered.
 */
export function paidQuantity(item: Obj, orderStatus: string): number {
  const f = item.fulfillment as Obj | undefined;
  if (orderStatus === 'CANCELLED' || !item.cancellation?.cancellationExecution || typeof f?.quantityFulfilled !== 'number') return item.quantityOrdered as number;
  return Math.min(item.quantityOrdered as number, f.quantityFulfilled + (f.quantityUnfulfilled as number));
}

/** Every rule the order breaks (PROCEEDS and TAX parts are needed; a pending order shown without prices has none). */
export function amountProblems(order: Obj): string[] {
  const problems: string[] = [];
  if (!order.proceeds) {
    const priced = (order.orderItems as Obj[]).some((i) => i.proceeds || i.product.price);
    const pending = order.fulfillment.fulfillmentStatus === 'PENDING';
    return priced || order.payment || !pending ? ['an order without proceeds must be PENDING with no price at all'] : [];
  }
  const cat = loadCatalogue();
  const mp = cat.marketplaces.find((m) => m.marketplaceId === order.salesChannel.marketplaceId)!;
  const digits = minorDigits(mp.currency);
  const minor = (m: Obj, where: string): number => {
    if (m.currencyCode !== mp.currency) problems.push(`${where}: currency ${m.currencyCode} != ${mp.currency}`);
    if (!new RegExp(`^-?\\d+\\.\\d{${digits}}$`).test(m.amount)) problems.push(`${where}: amount ${m.amount} not to the minor unit`);
    return toMinor(m.amount, digits);
  };
  const perType = new Map<string, number>();
  let itemsTotal = 0;
  for (const item of order.orderItems as Obj[]) {
    const id = `item ${item.orderItemId}`;
    const b = new Map<string, Obj>((item.proceeds.breakdowns as Obj[]).map((x) => [x.type, x]));
    const total = sumOf((item.proceeds.breakdowns as Obj[]).map((x) => minor(x.subtotal, `${id} ${x.type}`)));
    if (total !== minor(item.proceeds.proceedsTotal, `${id} total`)) problems.push(`${id}: proceedsTotal != sum of breakdowns`);
    itemsTotal += total;
    for (const x of item.proceeds.breakdowns as Obj[]) perType.set(x.type, (perType.get(x.type) ?? 0) + minor(x.subtotal, id));
    for (const type of ['TAX', 'DISCOUNT']) {
      const x = b.get(type);
      if (!x) continue;
      const detail = sumOf((x.detailedBreakdowns as Obj[]).map((d) => minor(d.value, `${id} ${type} detail`)));
      if (detail !== minor(x.subtotal, id)) problems.push(`${id}: ${type} detailedBreakdowns do not add up`);
    }
    if (b.has('DISCOUNT') && minor(b.get('DISCOUNT')!.subtotal, id) >= 0) problems.push(`${id}: DISCOUNT not negative`);
    const taxItem = (b.get('TAX')?.detailedBreakdowns as Obj[] | undefined)?.find((d) => d.subtype === 'ITEM');
    const itemNet = minor(b.get('ITEM')!.subtotal, id);
    const lineValue = minor(item.product.price.unitPrice, id) * paidQuantity(item, order.fulfillment.fulfillmentStatus);
    if (mp.salesTaxWithheld) {
      if (itemNet !== lineValue) problems.push(`${id}: US/CA ITEM ${itemNet} != net unit price x qty ${lineValue}`);
      if (item.tax?.taxCollections?.[0]?.model !== 'MARKETPLACE_FACILITATOR') problems.push(`${id}: no MARKETPLACE_FACILITATOR`);
    } else {
      const taxMinor = taxItem ? minor(taxItem.value, id) : 0;
      if (itemNet + taxMinor !== lineValue) problems.push(`${id}: EU ITEM net + tax != gross unit price x qty`);
      const product = cat.products.find((p) => p.sellerSku === item.product.sellerSku)!;
      const rate = percentToBasisPoints(mp.vat[product.taxClass]);
      if (taxMinor !== 0 && taxMinor !== taxInGross(lineValue, rate)) problems.push(`${id}: EU ITEM tax not round(g*r/(1+r))`);
      if (item.tax?.taxCollections) problems.push(`${id}: EU item must not say that Amazon collects the VAT`);
    }
  }
  const orderTypes = new Map<string, number>((order.proceeds.breakdowns as Obj[]).map((x) => [x.type, minor(x.subtotal, 'order')]));
  for (const [type, value] of perType) {
    if (orderTypes.get(type) !== value) problems.push(`order ${type}: ${orderTypes.get(type)} != items' ${value}`);
  }
  const grand = minor(order.proceeds.grandTotal, 'grandTotal');
  if (grand !== sumOf([...orderTypes.values()])) problems.push('grandTotal != sum of order breakdowns');
  if (grand !== itemsTotal) problems.push('grandTotal != sum of item proceedsTotal');
  return problems;
}
