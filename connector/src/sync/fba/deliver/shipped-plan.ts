/**
 * Pure: what each move of an FBA order's delivery is done with, from the units Amazon shipped per SKU. Units of a
 * product go to its moves in order, each up to its demand, the rest on its last move (Amazon never ships more than
 * ordered, but the ERP line may have been edited). A SKU whose product has no move, or nothing shipped at all, is a
 * mismatch the connector will not guess about.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { MoveRow } from '../erp/fba-delivery.gateway.ts';

export type ShippedPlan = { ok: true; done: Map<number, number>; short: boolean } | { ok: false; reason: string };

/** Units shipped per SKU: each item's quantityFulfilled (a SHIPPED order without it: everything ordered). */
export function shippedBySku(order: Order, shipped: Record<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of order.orderItems) {
    const sku = item.product.sellerSku ?? '';
    const q = shipped[item.orderItemId] ?? item.quantityOrdered;
    out.set(sku, (out.get(sku) ?? 0) + q);
  }
  return out;
}

/** The done quantity of each open move, given the shipped units per SKU and each SKU's product. */
export function shippedPlan(bySku: ReadonlyMap<string, number>, productOf: ReadonlyMap<string, number>, moves: readonly MoveRow[]): ShippedPlan {
  const perProduct = new Map<number, number>();
  for (const [sku, q] of bySku) {
    if (q <= 0) continue;
    const product = productOf.get(sku);
    if (product === undefined) return { ok: false, reason: `SKU ${sku || '(none)'} has no ERP product` };
    perProduct.set(product, (perProduct.get(product) ?? 0) + q);
  }
  if (perProduct.size === 0) return { ok: false, reason: 'Amazon reports no unit shipped' };
  const open = moves.filter((m) => m.state !== 'done' && m.state !== 'cancel');
  const done = new Map<number, number>();
  let short = false;
  for (const [product, total] of perProduct) {
    const mine = open.filter((m) => m.productId === product);
    if (!mine.length) return { ok: false, reason: `the delivery has no move of product ${product}` };
    let left = total;
    mine.forEach((m, i) => {
      const q = i === mine.length - 1 ? left : Math.min(left, m.demand);
      done.set(m.id, q);
      left -= q;
    });
  }
  for (const m of open) {
    const q = done.get(m.id) ?? 0;
    if (q < m.demand) short = true;
  }
  return { ok: true, done: new Map([...done].filter(([, q]) => q > 0)), short };
}

/** Amazon's ship date of an FBA order: its latest package's ship time, else the time the order last changed (shipped). */
export function shipDateOf(order: Order): string {
  const times = (order.packages ?? []).map((p) => p.shipTime).filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  return times.length ? times.sort().at(-1)! : order.lastUpdatedTime;
}
