/**
 * Pure: the units of an Amazon order item as Amazon reports them (shipped, cancelled). The same reading as the
 * orders flow's `mapping/shipped-quantities.ts`, kept here because the orders flow depends on this folder's flow
 * (a folder cycle is refused): an item's own figures first, the packages for items that do not give them.
 */
import type { Order, OrderItem } from '../../../../amazon/models/orders-v2026.ts';

/** Units the seller (or Amazon) cancelled on an order that goes on: ordered less fulfilled and unfulfilled. */
export function cancelledUnits(item: OrderItem): number {
  const f = item.fulfillment;
  if (!item.cancellation?.cancellationExecution || f?.quantityFulfilled === undefined || f.quantityUnfulfilled === undefined) return 0;
  return Math.max(0, item.quantityOrdered - f.quantityFulfilled - f.quantityUnfulfilled);
}

/** Units shipped per item: the item's quantityFulfilled, else what the packages list. */
export function shippedUnits(order: Order): Record<string, number> {
  const shipped: Record<string, number> = {};
  for (const item of order.orderItems) {
    const q = item.fulfillment?.quantityFulfilled;
    if (q !== undefined) shipped[item.orderItemId] = q;
  }
  const explicit = new Set(Object.keys(shipped));
  for (const pkg of order.packages ?? []) {
    for (const pi of pkg.packageItems ?? []) {
      if (!explicit.has(pi.orderItemId)) shipped[pi.orderItemId] = (shipped[pi.orderItemId] ?? 0) + pi.quantity;
    }
  }
  return shipped;
}
