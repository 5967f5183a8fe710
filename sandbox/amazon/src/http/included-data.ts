/** `includedData`: which optional parts of an order an answer carries (the rest is left out, as the model says). */

export const INCLUDED_DATA = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'EXPENSE', 'PROMOTION', 'CANCELLATION', 'FULFILLMENT',
  'PACKAGES', 'TAX', 'PAYMENT', 'FULFILLMENT_ORDERS'] as const;
export type IncludedData = (typeof INCLUDED_DATA)[number];

const ORDER_PARTS: Record<string, IncludedData> = {
  buyer: 'BUYER', recipient: 'RECIPIENT', proceeds: 'PROCEEDS', payment: 'PAYMENT', tax: 'TAX',
  fulfillment: 'FULFILLMENT', packages: 'PACKAGES', fulfillmentOrders: 'FULFILLMENT_ORDERS',
};
const ITEM_PARTS: Record<string, IncludedData> = {
  proceeds: 'PROCEEDS', expense: 'EXPENSE', promotion: 'PROMOTION', cancellation: 'CANCELLATION',
  fulfillment: 'FULFILLMENT', tax: 'TAX',
};

function without(o: Record<string, unknown>, parts: Record<string, IncludedData>, keep: ReadonlySet<string>):
  Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    const part = parts[k];
    if (part === undefined || keep.has(part)) out[k] = o[k];
  }
  return out;
}

/** A copy of the stored order with only the asked parts (the stored order is never changed). */
export function projectOrder(order: Record<string, unknown>, keep: ReadonlySet<string>): Record<string, unknown> {
  const out = without(order, ORDER_PARTS, keep);
  if (Array.isArray(order.orderItems)) {
    out.orderItems = order.orderItems.map((it: unknown) =>
      it && typeof it === 'object' && !Array.isArray(it) ? without(it as Record<string, unknown>, ITEM_PARTS, keep) : it);
  }
  return out;
}
