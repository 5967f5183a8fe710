/**
 * What the order workflow does with an Amazon order, by its fulfilment status and by whether it is already in
 * the ERP. Merchant-fulfilled orders only: Amazon-fulfilled (FBA) ones are left alone until their issue comes.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { ErrorCode } from '../../core/errors.ts';

export type OrderAction =
  /** Nothing yet: payment or stock still pending at Amazon; look again on a later sweep. */
  | 'wait'
  /** Create the ERP order and confirm it. */
  | 'create'
  /** Already imported: apply Amazon's changes to lines/prices if the ERP side allows it. */
  | 'update'
  /** Nothing to do, ever (cancelled or unfulfillable before import, FBA). */
  | 'ignore'
  /** A person must decide (cancelled after import). */
  | 'conflict';

export interface OrderDisposition {
  action: OrderAction;
  code?: ErrorCode;
  reason: string;
  /** Units shipped so far per order item id (recorded for the shipment lifecycle). */
  shipped: Record<string, number>;
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

/** The action for an order, given whether the ERP already holds it. */
export function orderDisposition(order: Order, imported: boolean): OrderDisposition {
  const shipped = shippedQuantities(order);
  const f = order.fulfillment;
  if (!f) return { action: 'ignore', code: 'ORDER_MALFORMED', reason: 'no fulfillment data (FULFILLMENT not included)', shipped };
  if (f.fulfilledBy === 'AMAZON') return { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'fulfilled by Amazon (FBA)', shipped };
  switch (f.fulfillmentStatus) {
    case 'PENDING':
    case 'PENDING_AVAILABILITY':
      return imported
        ? { action: 'update', reason: `${f.fulfillmentStatus} after import`, shipped }
        : { action: 'wait', code: 'ORDER_PENDING', reason: `${f.fulfillmentStatus}: not yet importable`, shipped };
    case 'UNSHIPPED':
    case 'PARTIALLY_SHIPPED':
    case 'SHIPPED':
      return { action: imported ? 'update' : 'create', reason: f.fulfillmentStatus, shipped };
    case 'CANCELLED':
      return imported
        ? { action: 'conflict', code: 'ORDER_CANCELLED_AFTER_IMPORT', reason: 'cancelled at Amazon after import', shipped }
        : { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'cancelled before import', shipped };
    case 'UNFULFILLABLE':
      return imported
        ? { action: 'conflict', code: 'ORDER_NOT_IMPORTABLE', reason: 'unfulfillable at Amazon after import', shipped }
        : { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'unfulfillable', shipped };
  }
}
