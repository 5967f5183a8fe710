/** State changes of an order (admin PATCH, continuous mode): status, items, and the lastUpdatedTime bump. */
import { releasePrices } from '../generator/deferred-prices.ts';
import { isoSeconds } from '../http/query-values.ts';
import { buildPackage, nextPackageReference, packagesOf, unitsInPackages } from '../shipments/packages.ts';

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
  // A whole-order cancellation says nothing about units: moved on from it, every ordered unit counts again.
  const wasCancelled = fulfillment.fulfillmentStatus === 'CANCELLED';
  fulfillment.fulfillmentStatus = status;
  order.fulfillment = fulfillment;
  // Amazon shows the prices of an order it held back once the order moves past PENDING.
  if (status !== 'PENDING' && status !== 'PENDING_AVAILABILITY') releasePrices(order);
  if (!Array.isArray(order.orderItems)) return;
  order.orderItems = order.orderItems.map((raw: unknown) => {
    if (!isObj(raw)) return raw;
    const item: Obj = { ...raw };
    const f = isObj(item.fulfillment) ? { ...item.fulfillment } : {};
    // Units the seller cancelled (ordered - fulfilled - unfulfilled) stay cancelled whatever the status.
    const qty = wasCancelled ? orderedUnits(item) : remainingUnits(item, f);
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
  // The units shipped that no package carries yet (all of them, or what confirmShipment left) go in one more package.
  if (status === 'SHIPPED' && (order.fulfillment as Obj).fulfilledBy === 'MERCHANT') {
    const packed = unitsInPackages(order);
    const items = (order.orderItems as unknown[]).filter(isObj).map((it) => ({
      orderItemId: String(it.orderItemId),
      quantity: (isObj(it.fulfillment) ? Number(it.fulfillment.quantityFulfilled ?? 0) : 0) - (packed.get(String(it.orderItemId)) ?? 0),
    })).filter((pi) => pi.quantity > 0);
    if (items.length > 0) {
      order.packages = [...packagesOf(order), buildPackage({ packageReferenceId: nextPackageReference(order), carrier: 'DHL',
        trackingNumber: `00340434${String(nowMs).slice(-10)}`, shipTimeMs: nowMs, createdMs: nowMs, items })];
    }
  }
}

/** The units of an item not cancelled: the ordered ones less those fulfilment says were cancelled. */
const orderedUnits = (item: Obj): number => (typeof item.quantityOrdered === 'number' ? item.quantityOrdered : 0);

function remainingUnits(item: Obj, f: Obj): number {
  const ordered = orderedUnits(item);
  const done = f.quantityFulfilled;
  const open = f.quantityUnfulfilled;
  if (typeof done !== 'number' || typeof open !== 'number' || !isObj(item.cancellation)) return ordered;
  return Math.min(ordered, done + open);
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
