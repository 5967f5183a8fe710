/**
 * Pending orders without prices: Amazon shows some PENDING orders with no proceeds, payment or unit prices until it
 * releases them. The generator makes the priced order, then takes the prices out and keeps them under a symbol key
 * of the stored order: answers never show it (JSON and the includedData projection skip symbol keys), a PATCH
 * copies it along (object spread keeps symbols), and the first status change past PENDING puts the prices back.
 */

type Obj = Record<string | symbol, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

/** Where a stored order keeps its prices while Amazon does not show them. */
const DEFERRED = Symbol('deferredPrices');

interface Deferred {
  proceeds: unknown;
  payment: unknown;
  /** Per order item id: its product price and proceeds. */
  items: Record<string, { price: unknown; proceeds: unknown }>;
}

/** Takes the prices out of a (freshly generated, unshared) order and keeps them for later. */
export function deferPrices(order: Record<string, unknown>): void {
  const items: Deferred['items'] = {};
  for (const raw of Array.isArray(order.orderItems) ? order.orderItems : []) {
    if (!isObj(raw) || !isObj(raw.product)) continue;
    items[String(raw.orderItemId)] = { price: raw.product.price, proceeds: raw.proceeds };
    delete raw.product.price;
    delete raw.proceeds;
  }
  (order as Obj)[DEFERRED] = { proceeds: order.proceeds, payment: order.payment, items } satisfies Deferred;
  delete order.proceeds;
  delete order.payment;
}

/** Whether the order waits for its prices. */
export function hasDeferredPrices(order: Record<string, unknown>): boolean {
  return DEFERRED in order;
}

/** Puts the kept prices back (in place, on a copy the caller owns: items and products are copied here). */
export function releasePrices(order: Record<string, unknown>): void {
  const kept = (order as Obj)[DEFERRED] as Deferred | undefined;
  if (!kept) return;
  delete (order as Obj)[DEFERRED];
  order.proceeds = kept.proceeds;
  order.payment = kept.payment;
  if (!Array.isArray(order.orderItems)) return;
  order.orderItems = order.orderItems.map((raw: unknown) => {
    if (!isObj(raw) || !isObj(raw.product)) return raw;
    const k = kept.items[String(raw.orderItemId)];
    if (!k) return raw;
    return { ...raw, product: { ...raw.product, price: k.price }, proceeds: k.proceeds };
  });
}
