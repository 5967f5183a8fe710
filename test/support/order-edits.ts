/**
 * Changes to a sandbox order the way Amazon would make them, keeping its amounts coherent (item breakdowns, the
 * TAX split, proceedsTotal, the order's breakdowns and grand total): a line's quantity scaled, a SKU swapped, a
 * whole order copied under a new id. Amounts are handled in minor units, never floats.
 */
import type { OrderPatch } from '../../sandbox/amazon/src/index.ts';
import { visibleNow } from './lifecycle.ts';
import { deriveRate, divRound, rateBasisPoints } from '../../connector/src/core/money.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox JSON

const cents = (amount: string): bigint => {
  const m = /^(-)?(\d+)\.(\d{2})$/.exec(amount);
  if (!m) throw new Error(`not a 2-decimal amount: ${amount}`);
  const v = BigInt(m[2]!) * 100n + BigInt(m[3]!);
  return m[1] ? -v : v;
};
const decimal = (v: bigint): string => {
  const abs = v < 0n ? -v : v;
  return `${v < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
};
const clone = <T>(x: T): T => structuredClone(x);

/** Re-derives the order-level proceeds from its items (breakdowns summed per type, grandTotal, payment). */
function recomputeOrder(order: Obj): void {
  const currency = order.proceeds.grandTotal.currencyCode as string;
  const byType = new Map<string, bigint>();
  let grand = 0n;
  for (const item of order.orderItems as Obj[]) {
    let itemTotal = 0n;
    for (const b of item.proceeds.breakdowns as Obj[]) {
      byType.set(b.type, (byType.get(b.type) ?? 0n) + cents(b.subtotal.amount));
      itemTotal += cents(b.subtotal.amount);
    }
    item.proceeds.proceedsTotal = { amount: decimal(itemTotal), currencyCode: currency };
    grand += itemTotal;
  }
  order.proceeds.breakdowns = [...byType].map(([type, v]) => ({ type, subtotal: { amount: decimal(v), currencyCode: currency } }));
  order.proceeds.grandTotal = { amount: decimal(grand), currencyCode: currency };
  for (const p of order.payment?.paymentExecutions ?? []) p.paymentAmount = { amount: decimal(grand), currencyCode: currency };
}

/**
 * The patch that multiplies item `index`'s quantity by `factor`, as when a buyer's quantity is corrected: the unit
 * price stays, and the ITEM amounts are those of the new line total as Amazon (and the sandbox's amounts.ts) taxes
 * it: VAT of the gross total where prices include VAT (not the old tax times the factor, which Amazon never
 * charges), tax and net scaled where Amazon withholds sales tax. Visible to a sweep run now.
 */
export function scaleQuantityPatch(order: Obj, factor: number, index = 0): OrderPatch {
  const next = clone(order);
  const item = next.orderItems[index] as Obj;
  const f = BigInt(factor);
  item.quantityOrdered *= factor;
  if (item.fulfillment) item.fulfillment = { ...item.fulfillment, quantityUnfulfilled: item.quantityOrdered };
  const breakdowns = item.proceeds.breakdowns as Obj[];
  const itemNet = breakdowns.find((b) => b.type === 'ITEM');
  const itemTax = (breakdowns.find((b) => b.type === 'TAX')?.detailedBreakdowns as Obj[] | undefined)?.find((d) => d.subtype === 'ITEM');
  const withheld = ((item.tax?.taxCollections ?? []) as Obj[]).some((c) => c.model === 'MARKETPLACE_FACILITATOR');
  let newTax = itemTax ? cents(itemTax.value.amount) * f : 0n;
  let newNet = itemNet ? cents(itemNet.subtotal.amount) * f : 0n;
  if (itemNet && itemTax && !withheld) {
    const net = cents(itemNet.subtotal.amount);
    const tax = cents(itemTax.value.amount);
    const rate = deriveRate(tax, net);
    if (rate) {
      const bp = rateBasisPoints(rate.rate);
      const gross = (net + tax) * f;
      newTax = divRound(gross * bp, 10000n + bp);
      newNet = gross - newTax;
    }
  }
  for (const b of breakdowns) {
    if (b.type === 'ITEM') b.subtotal.amount = decimal(newNet);
    if (b.type !== 'TAX') continue;
    let sum = 0n;
    for (const d of (b.detailedBreakdowns ?? []) as Obj[]) {
      if (d.subtype === 'ITEM') d.value.amount = decimal(newTax);
      sum += cents(d.value.amount);
    }
    if (b.detailedBreakdowns?.length) b.subtotal.amount = decimal(sum);
  }
  recomputeOrder(next);
  return { orderItems: next.orderItems, set: { proceeds: next.proceeds, payment: next.payment }, lastUpdatedTime: visibleNow() };
}

/** The patch that sells `sku` on item `index` instead of its product (amounts unchanged). */
export function swapSkuPatch(order: Obj, sku: string, index = 0): OrderPatch {
  const items = clone(order.orderItems) as Obj[];
  items[index]!.product.sellerSku = sku;
  return { orderItems: items, lastUpdatedTime: visibleNow() };
}

/** A copy of `order` under a new order id (and item ids), updated just now as a sweep sees it. */
export function copyOrder(order: Obj, orderId: string): Obj {
  const next = clone(order);
  next.orderId = orderId;
  next.lastUpdatedTime = visibleNow();
  (next.orderItems as Obj[]).forEach((item, i) => (item.orderItemId = `${orderId.replace(/\D/g, '')}${i}`));
  return next;
}
