/**
 * A Buy Shipping label and the order: buying one ships the package's units among those still to ship with the
 * label's carrier and tracking (Amazon knows the shipment by itself: no confirmShipment follows), and voiding it
 * takes that package off again (the units back to unshipped, the status back), as Seller Central shows it.
 */
import { patchOrder } from '../admin/order-patch.ts';
import { confirmOnOrder, type Checked } from '../shipments/confirm-shipment.ts';
import { isObj, packagesOf } from '../shipments/packages.ts';

type Obj = Record<string, unknown>;

/**
 * The order shipped by the label's package (or why it cannot be: cancelled, already shipped, FBA). `units`: the
 * package's unit count (the sum of its rate request's `items[].quantity`): that many of the units still to ship, in
 * the order's item order (a multi-package order ships package by package: PARTIALLY_SHIPPED until the last);
 * absent, all of them.
 */
export function shipByLabel(order: Obj, p: { packageReferenceId: string; carrierName: string; serviceName: string; trackingId: string; units?: number }, nowMs: number): Checked<Obj> {
  let room = p.units ?? Number.POSITIVE_INFINITY;
  const items = (Array.isArray(order.orderItems) ? order.orderItems.filter(isObj) : []).flatMap((it) => {
    const f = isObj(it.fulfillment) ? it.fulfillment : {};
    const left = typeof f.quantityUnfulfilled === 'number' ? f.quantityUnfulfilled
      : (typeof it.quantityOrdered === 'number' ? it.quantityOrdered : 0) - (typeof f.quantityFulfilled === 'number' ? f.quantityFulfilled : 0);
    const take = Math.min(left, room);
    room -= Math.max(0, take);
    return take > 0 ? [{ orderItemId: String(it.orderItemId), quantity: take }] : [];
  });
  const marketplaceId = String((order.salesChannel as Obj | undefined)?.marketplaceId ?? '');
  return confirmOnOrder(order, { marketplaceId, packageReferenceId: p.packageReferenceId, carrierCode: p.carrierName, shippingMethod: p.serviceName,
    trackingNumber: p.trackingId, shipDateMs: nowMs, items: items.length ? items : [{ orderItemId: '', quantity: 1 }] }, nowMs);
}

/** The order without the voided label's package: its units unshipped again. */
export function unshipLabel(order: Obj, packageReferenceId: string, nowMs: number): Obj {
  const pkg = packagesOf(order).find((p) => p.packageReferenceId === packageReferenceId);
  if (!pkg) return order;
  const back = new Map<string, number>();
  for (const i of Array.isArray(pkg.packageItems) ? pkg.packageItems.filter(isObj) : []) back.set(String(i.orderItemId), Number(i.quantity));
  const orderItems = (order.orderItems as unknown[]).map((raw) => {
    if (!isObj(raw) || !back.has(String(raw.orderItemId))) return raw;
    const f = isObj(raw.fulfillment) ? raw.fulfillment : {};
    const q = back.get(String(raw.orderItemId))!;
    return { ...raw, fulfillment: { ...f, quantityFulfilled: Number(f.quantityFulfilled ?? q) - q, quantityUnfulfilled: Number(f.quantityUnfulfilled ?? 0) + q } };
  });
  const packages = packagesOf(order).filter((p) => p !== pkg);
  const fulfillment = isObj(order.fulfillment) ? order.fulfillment : {};
  return patchOrder(order, { set: { orderItems, packages, fulfillment: { ...fulfillment, fulfillmentStatus: packages.length ? 'PARTIALLY_SHIPPED' : 'UNSHIPPED' } } }, nowMs);
}
