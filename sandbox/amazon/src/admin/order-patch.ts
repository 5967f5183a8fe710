/** State changes of an order (admin PATCH, continuous mode): status, items, and the lastUpdatedTime bump. */
import { isoSeconds } from '../http/query-values.ts';

export interface OrderPatch {
  fulfillmentStatus?: string;
  /** Replaces the order's items as given (unvalidated, like everything the admin API stores). */
  orderItems?: unknown[];
  /** Other top-level fields to set as given. */
  set?: Record<string, unknown>;
  /** Explicit lastUpdatedTime (ISO); default: now, and always later than the previous one. */
  lastUpdatedTime?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function applyStatus(order: Obj, status: string, nowMs: number): void {
  const fulfillment = isObj(order.fulfillment) ? { ...order.fulfillment } : {};
  fulfillment.fulfillmentStatus = status;
  order.fulfillment = fulfillment;
  if (!Array.isArray(order.orderItems)) return;
  order.orderItems = order.orderItems.map((raw: unknown) => {
    if (!isObj(raw)) return raw;
    const item: Obj = { ...raw };
    const qty = typeof item.quantityOrdered === 'number' ? item.quantityOrdered : 0;
    const f = isObj(item.fulfillment) ? { ...item.fulfillment } : {};
    if (status === 'SHIPPED') Object.assign(f, { quantityFulfilled: qty, quantityUnfulfilled: 0 });
    if (status === 'UNSHIPPED' || status === 'PENDING') Object.assign(f, { quantityFulfilled: 0, quantityUnfulfilled: qty });
    if (status === 'CANCELLED') {
      Object.assign(f, { quantityUnfulfilled: 0 });
      item.cancellation ??= {
        cancellationRequest: { requester: 'BUYER', cancelReason: 'Buyer canceled' },
        cancellationExecution: { cancelledBy: 'BUYER', cancelReason: 'Buyer canceled' },
      };
    }
    item.fulfillment = f;
    return item;
  });
  if (status === 'SHIPPED' && (order.fulfillment as Obj).fulfilledBy === 'MERCHANT' && !order.packages) {
    order.packages = [{
      packageReferenceId: '1',
      createdTime: isoSeconds(nowMs),
      packageStatus: { status: 'SHIPPED' },
      carrier: 'DHL',
      shipTime: isoSeconds(nowMs),
      trackingNumber: `00340434${String(nowMs).slice(-10)}`,
      packageItems: (order.orderItems as unknown[]).filter(isObj).map((it) => ({
        orderItemId: String(it.orderItemId), quantity: typeof it.quantityOrdered === 'number' ? it.quantityOrdered : 0,
      })),
    }];
  }
}

/** A changed copy of the order; throws on a patch it cannot apply (bad time). */
export function patchOrder(order: Obj, patch: OrderPatch, nowMs: number): Obj {
  const next: Obj = { ...order, ...(patch.set ?? {}) };
  if (patch.orderItems) next.orderItems = patch.orderItems;
  if (patch.fulfillmentStatus) applyStatus(next, patch.fulfillmentStatus, nowMs);
  let updated: number;
  if (patch.lastUpdatedTime !== undefined) {
    updated = Date.parse(patch.lastUpdatedTime);
    if (!Number.isFinite(updated)) throw new Error(`lastUpdatedTime is not a date-time: ${patch.lastUpdatedTime}`);
  } else {
    const prev = typeof order.lastUpdatedTime === 'string' ? Date.parse(order.lastUpdatedTime) : NaN;
    // Whole seconds, as Amazon prints them, and strictly later so a sweep sees the change.
    updated = Math.max(Math.floor(nowMs / 1000) * 1000, Number.isFinite(prev) ? prev + 1000 : 0);
  }
  next.lastUpdatedTime = isoSeconds(updated);
  return next;
}
