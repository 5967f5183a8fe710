/** The units per SKU an order still sells: ordered less what was cancelled (fulfilled + unfulfilled when known). */
import type { StoredOrder } from '../store/order-store.ts';

type Item = { product?: { sellerSku?: unknown }; quantityOrdered?: unknown;
  fulfillment?: { quantityFulfilled?: unknown; quantityUnfulfilled?: unknown } };

/** SKU -> units; malformed items (admin orders are stored as given) are skipped. */
export function soldUnits(order: StoredOrder): Map<string, number> {
  const out = new Map<string, number>();
  const items = Array.isArray(order.order.orderItems) ? order.order.orderItems : [];
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') continue;
    const it = raw as Item;
    const sku = it.product?.sellerSku;
    if (typeof sku !== 'string') continue;
    const f = it.fulfillment;
    const q = f && typeof f.quantityFulfilled === 'number' && typeof f.quantityUnfulfilled === 'number'
      ? f.quantityFulfilled + f.quantityUnfulfilled : it.quantityOrdered;
    if (typeof q !== 'number' || q <= 0) continue;
    out.set(sku, (out.get(sku) ?? 0) + q);
  }
  return out;
}
