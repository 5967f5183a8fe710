/**
 * Pure: the units of an Amazon order's items as Amazon reports them (ordered, shipped, cancelled, still sold).
 * A reading of the Orders v2026 model shared by every flow that counts units (orders, cancellations): here, beside
 * the model, because one flow may not import another's folder (the orders flow depends on the cancellations flow).
 */
import type { Order, OrderItem } from './models/orders-v2026.ts';

/**
 * Units the seller (or Amazon) cancelled on an order that goes on: Amazon keeps `quantityOrdered` and reports the
 * rest as fulfilled + unfulfilled, the item's cancellation saying it was executed. Without both figures, none.
 */
export function cancelledQuantity(item: OrderItem): number {
  const f = item.fulfillment;
  if (!item.cancellation?.cancellationExecution || f?.quantityFulfilled === undefined || f.quantityUnfulfilled === undefined) return 0;
  return Math.max(0, item.quantityOrdered - f.quantityFulfilled - f.quantityUnfulfilled);
}

/** Units the buyer still pays for: ordered less cancelled (the item's proceeds are Amazon's amounts for exactly these). */
export function remainingQuantity(item: OrderItem): number {
  return item.quantityOrdered - cancelledQuantity(item);
}

/** Units shipped per item: the item's quantityFulfilled, else what the packages list. */
export function shippedQuantities(order: Order): Record<string, number> {
  const shipped: Record<string, number> = {};
  for (const item of order.orderItems) {
    const q = item.fulfillment?.quantityFulfilled;
    if (q !== undefined) shipped[item.orderItemId] = q;
  }
  const explicit = new Set(Object.keys(shipped));
  // Packages count only for items that do not say it themselves (the item's figure is Amazon's own total).
  for (const pkg of order.packages ?? []) {
    for (const pi of pkg.packageItems ?? []) {
      if (explicit.has(pi.orderItemId)) continue;
      shipped[pi.orderItemId] = (shipped[pi.orderItemId] ?? 0) + pi.quantity;
    }
  }
  return shipped;
}
