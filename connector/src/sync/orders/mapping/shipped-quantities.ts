/** Units shipped so far per order item, as Amazon reports them (recorded for the shipment lifecycle). */
import type { Order } from '../../../amazon/models/orders-v2026.ts';

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
