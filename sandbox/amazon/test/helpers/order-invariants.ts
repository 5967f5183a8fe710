/**
 * The amount convention checked on a full order (README "Amounts: the money shapes"): returns the broken rules, empty when the
 * order adds up in the given shape. Amounts are compared in integer minor units.
 */
import { loadCatalogue } from '../../src/catalogue.ts';
import type { MoneyShape } from '../../src/config.ts';
import { minorDigits, percentToBasisPoints, taxInGross, toMinor } from '../../src/generator/money.ts';
import { DEEMED_SUPPLIER, FACILITATOR } from '../../src/generator/tax-modes.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const sumOf = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const COLLECTORS = new Set<string>([...Object.values(FACILITATOR), ...Object.values(DEEMED_SUPPLIER)]);
/** Order-level charges not attributed to an item (the model: DELIVERY_TIP). */
const ORDER_ONLY = new Set(['DELIVERY_TIP']);

/** Every rule the order breaks (PROCEEDS and TAX parts are needed); `shape` is the seller's setting. */
export function amountProblems(order: Obj, shape: MoneyShape = 'net_plus_tax'): string[] {
  const problems: string[] = [];
  const cat = loadCatalogue();
  const mp = cat.marketplaces.find((m) => m.marketplaceId === order.salesChannel.marketplaceId)!;
  const digits = minorDigits(mp.currency);
  const pattern = new RegExp(digits ? `^-?\\d+\\.\\d{${digits}}$` : '^-?\\d+$');
  const minor = (m: Obj, where: string): number => {
    if (m.currencyCode !== mp.currency) problems.push(`${where}: currency ${m.currencyCode} != ${mp.currency}`);
    if (!pattern.test(m.amount)) problems.push(`${where}: amount ${m.amount} not to the minor unit`);
    return toMinor(m.amount, digits);
  };
  // Sales tax is added to net prices whatever the seller's shape.
  const used: MoneyShape = mp.salesTaxWithheld ? 'net_plus_tax' : shape;
  const shipTo = order.recipient?.deliveryAddress?.countryCode as string | undefined;
  const destVat = cat.marketplaces.find((m) => m.country === shipTo && !m.salesTaxWithheld)?.vat ?? mp.vat;
  const perType = new Map<string, number>();
  let itemsTotal = 0;
  let taxAdded = 0;
  for (const item of order.orderItems as Obj[]) {
    const id = `item ${item.orderItemId}`;
    const list = item.proceeds.breakdowns as Obj[];
    const b = new Map<string, Obj>(list.map((x) => [x.type, x]));
    const components = sumOf(list.filter((x) => x.type !== 'TAX').map((x) => minor(x.subtotal, `${id} ${x.type}`)));
    const tax = b.has('TAX') ? minor(b.get('TAX')!.subtotal, `${id} TAX`) : 0;
    const total = minor(item.proceeds.proceedsTotal, `${id} total`);
    const expected = used === 'net_plus_tax' ? components + tax : components;
    if (total !== expected) problems.push(`${id}: proceedsTotal ${total} != ${expected} (${used})`);
    if (used === 'net_plus_tax') taxAdded += tax;
    itemsTotal += total;
    for (const x of list) perType.set(x.type, (perType.get(x.type) ?? 0) + minor(x.subtotal, id));
    if ((used === 'gross_no_tax') === b.has('TAX')) problems.push(`${id}: TAX breakdown ${b.has('TAX') ? 'present' : 'missing'} in ${used}`);
    if (used === 'gross_zero_tax' && tax !== 0) problems.push(`${id}: TAX ${tax} not 0 in gross_zero_tax`);
    for (const type of ['TAX', 'DISCOUNT']) {
      const x = b.get(type);
      if (!x) continue;
      const detail = sumOf((x.detailedBreakdowns as Obj[]).map((d) => minor(d.value, `${id} ${type} detail`)));
      if (detail !== minor(x.subtotal, id)) problems.push(`${id}: ${type} detailedBreakdowns do not add up`);
    }
    if (b.has('DISCOUNT') && minor(b.get('DISCOUNT')!.subtotal, id) >= 0) problems.push(`${id}: DISCOUNT not negative`);
    const taxItem = (b.get('TAX')?.detailedBreakdowns as Obj[] | undefined)?.find((d) => d.subtype === 'ITEM');
    const itemShown = minor(b.get('ITEM')!.subtotal, id);
    const lineValue = minor(item.product.price.unitPrice, id) * item.quantityOrdered;
    const collections = (item.tax?.taxCollections ?? []) as Obj[];
    for (const c of collections) {
      if (c.model !== 'MARKETPLACE_FACILITATOR' || !COLLECTORS.has(c.responsibleParty)) problems.push(`${id}: unknown taxCollection ${JSON.stringify(c)}`);
    }
    if (mp.salesTaxWithheld) {
      if (itemShown !== lineValue) problems.push(`${id}: US/CA ITEM ${itemShown} != net unit price x qty ${lineValue}`);
      if (collections[0]?.responsibleParty !== FACILITATOR[mp.country]) problems.push(`${id}: no MARKETPLACE_FACILITATOR`);
      continue;
    }
    const taxMinor = taxItem ? minor(taxItem.value, id) : 0;
    const gross = used === 'net_plus_tax' ? itemShown + taxMinor : itemShown;
    if (gross !== lineValue) problems.push(`${id}: ITEM ${itemShown} (${used}) does not give unit price x qty ${lineValue}`);
    const product = cat.products.find((p) => p.sellerSku === item.product.sellerSku)!;
    const rate = percentToBasisPoints(destVat[product.taxClass]);
    // 0 is reverse charge (or the zero-tax shape); anything else is the destination's rate taken out of the gross.
    if (taxMinor !== 0 && taxMinor !== taxInGross(lineValue, rate)) problems.push(`${id}: ITEM tax not round(g*r/(1+r)) at ${shipTo}'s rate`);
  }
  const orderList = order.proceeds.breakdowns as Obj[];
  const orderTypes = new Map<string, number>(orderList.map((x) => [x.type, minor(x.subtotal, 'order')]));
  for (const [type, value] of perType) {
    if (orderTypes.get(type) !== value) problems.push(`order ${type}: ${orderTypes.get(type)} != items' ${value}`);
  }
  const orderOnly = sumOf(orderList.filter((x) => ORDER_ONLY.has(x.type)).map((x) => minor(x.subtotal, x.type)));
  for (const x of orderList) {
    if (!perType.has(x.type) && !ORDER_ONLY.has(x.type)) problems.push(`order ${x.type} is on no item`);
  }
  const grand = minor(order.proceeds.grandTotal, 'grandTotal');
  const untaxed = sumOf(orderList.filter((x) => x.type !== 'TAX').map((x) => minor(x.subtotal, 'order')));
  if (grand !== untaxed + taxAdded) problems.push(`grandTotal ${grand} != order breakdowns ${untaxed} + added TAX ${taxAdded}`);
  if (grand !== itemsTotal + orderOnly) problems.push('grandTotal != sum of item proceedsTotal + order-level charges');
  const paid = order.payment?.paymentExecutions?.[0]?.paymentAmount as Obj | undefined;
  if (paid && minor(paid, 'payment') !== grand) problems.push('paymentAmount != grandTotal');
  return problems;
}
