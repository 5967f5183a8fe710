/**
 * Orders v0 `confirmShipment`, checked as Amazon checks it: the body against the model (`ConfirmShipmentRequest`),
 * then against the order (its marketplace, whether the seller ships it, what is left to ship). Errors are the
 * model's `ErrorList` with the wording Amazon is known to answer (README, "confirmShipment"); the first problem found
 * is answered, as Amazon does. An accepted package is added to the order's `packages`, the items' quantities move
 * from unfulfilled to fulfilled, the status becomes PARTIALLY_SHIPPED or SHIPPED and lastUpdatedTime moves on.
 */
import type { AmazonError } from '../http/amazon-errors.ts';
import { patchOrder } from '../admin/order-patch.ts';
import { buildPackage, isObj, packagesOf } from './packages.ts';

type Obj = Record<string, unknown>;

export interface ConfirmedItem {
  orderItemId: string;
  quantity: number;
  transparencyCodes?: string[];
}

export interface ConfirmRequest {
  marketplaceId: string;
  packageReferenceId: string;
  carrierCode: string;
  carrierName?: string;
  shippingMethod?: string;
  trackingNumber: string;
  shipDateMs: number;
  items: ConfirmedItem[];
}

export type Checked<T> = { ok: true; value: T } | { ok: false; status: number; error: AmazonError };

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const invalid = (message: string, details = ''): { ok: false; status: number; error: AmazonError } =>
  ({ ok: false, status: 400, error: { code: 'InvalidInput', message, details } });
const badType = (field: string) =>
  invalid(`The input you have submitted is not valid. Please check the fields with invalid type [${field}].`);
const missing = (field: string) =>
  invalid(`The input you have submitted is not valid. Please check the fields with missing values [${field}].`);

function str(o: Obj, key: string, path: string, required: boolean): Checked<string | undefined> {
  const v = o[key];
  if (v === undefined || v === null) return required ? missing(`${path}.${key}`) : { ok: true, value: undefined };
  if (typeof v !== 'string') return badType(`${path}.${key}`);
  return { ok: true, value: v };
}

/** The body as the model reads it: types and required fields (the order is not looked at yet). */
export function parseConfirmRequest(body: unknown): Checked<ConfirmRequest> {
  if (!isObj(body)) return invalid('The input you have submitted is not valid. The request body must be a JSON object.');
  const mp = str(body, 'marketplaceId', 'body', true);
  if (!mp.ok) return mp;
  if (body.codCollectionMethod !== undefined && body.codCollectionMethod !== 'DirectPayment') {
    return badType('codCollectionMethod');
  }
  const d = body.packageDetail;
  if (d === undefined || d === null) return missing('packageDetail');
  if (!isObj(d)) return badType('packageDetail');
  const fields: Record<string, string | undefined> = {};
  for (const [key, required] of [['packageReferenceId', true], ['carrierCode', true], ['carrierName', false],
    ['shippingMethod', false], ['trackingNumber', true], ['shipDate', true], ['shipFromSupplySourceId', false]] as const) {
    const r = str(d, key, 'packageDetail', required);
    if (!r.ok) return r;
    fields[key] = r.value;
  }
  if (!Array.isArray(d.orderItems)) return d.orderItems === undefined ? missing('packageDetail.orderItems') : badType('packageDetail.orderItems');
  const items: ConfirmedItem[] = [];
  for (const [i, it] of d.orderItems.entries()) {
    const path = `packageDetail.orderItems[${i}]`;
    if (!isObj(it)) return badType(path);
    const id = str(it, 'orderItemId', path, true);
    if (!id.ok) return id;
    if (it.quantity === undefined) return missing(`${path}.quantity`);
    if (typeof it.quantity !== 'number' || !Number.isInteger(it.quantity)) return badType(`${path}.quantity`);
    const codes = it.transparencyCodes;
    if (codes !== undefined && !(Array.isArray(codes) && codes.every((c) => typeof c === 'string'))) {
      return badType(`${path}.transparencyCodes`);
    }
    items.push({ orderItemId: id.value!, quantity: it.quantity, ...(codes ? { transparencyCodes: codes as string[] } : {}) });
  }
  const ref = fields.packageReferenceId!;
  // Only positive numbers: digits, not all zeros (Amazon: "must be a positive numeric value").
  if (!/^\d{1,19}$/.test(ref) || /^0+$/.test(ref)) {
    return invalid('PackageReferenceId: is invalid, must be a positive numeric value.');
  }
  if (fields.carrierCode!.trim() === '') return invalid('CarrierCode: is required and must not be empty.');
  if (fields.carrierCode === 'Other' && !fields.carrierName?.trim()) {
    return invalid('CarrierName: is required when CarrierCode is Other.');
  }
  if (fields.trackingNumber!.trim() === '') return invalid('TrackingNumber: is required and must not be empty.');
  const shipDateMs = Date.parse(fields.shipDate!);
  if (!ISO_DATE_TIME.test(fields.shipDate!) || !Number.isFinite(shipDateMs)) {
    return invalid('ShipDate: is invalid, must be an ISO 8601 date-time.');
  }
  if (items.length === 0) return invalid('OrderItems: at least one order item is required.');
  return { ok: true, value: { marketplaceId: mp.value!, packageReferenceId: ref, carrierCode: fields.carrierCode!,
    carrierName: fields.carrierName, shippingMethod: fields.shippingMethod, trackingNumber: fields.trackingNumber!,
    shipDateMs, items } };
}

const itemsOf = (order: Obj): Obj[] => (Array.isArray(order.orderItems) ? order.orderItems.filter(isObj) : []);

/** Units of an item still to ship: its `quantityUnfulfilled` (what remains after shipments and cancellations). */
function unitsLeft(item: Obj): number {
  const f = isObj(item.fulfillment) ? item.fulfillment : {};
  if (typeof f.quantityUnfulfilled === 'number') return f.quantityUnfulfilled;
  const ordered = typeof item.quantityOrdered === 'number' ? item.quantityOrdered : 0;
  return ordered - (typeof f.quantityFulfilled === 'number' ? f.quantityFulfilled : 0);
}

/** The order after this package, or why Amazon refuses it. */
export function confirmOnOrder(order: Obj, req: ConfirmRequest, nowMs: number): Checked<Obj> {
  const salesChannel = isObj(order.salesChannel) ? order.salesChannel : {};
  if (salesChannel.marketplaceId !== req.marketplaceId) {
    return invalid(`MarketplaceId: ${req.marketplaceId} does not match the order's marketplace.`);
  }
  const fulfillment = isObj(order.fulfillment) ? order.fulfillment : {};
  if (fulfillment.fulfilledBy === 'AMAZON') {
    return invalid('The order is fulfilled by Amazon: its shipment cannot be confirmed by the seller.');
  }
  const status = fulfillment.fulfillmentStatus;
  if (status === 'CANCELLED') return invalid('The order is cancelled: its shipment cannot be confirmed.');
  if (status === 'PENDING' || status === 'PENDING_AVAILABILITY') {
    return invalid(`The order is ${status}: it cannot be shipped before Amazon releases it.`);
  }
  if (status === 'SHIPPED') {
    return invalid('Failed to create package due to not finding a matching package or order already fulfilled.');
  }
  if (packagesOf(order).some((p) => p.packageReferenceId === req.packageReferenceId)) {
    return invalid(`PackageReferenceId: a package ${req.packageReferenceId} already exists for this order.`);
  }
  const items = itemsOf(order);
  const asked = new Map<string, number>();
  for (const it of req.items) {
    const item = items.find((x) => String(x.orderItemId) === it.orderItemId);
    if (!item) {
      return invalid('OrderItemId is invalid, please obtain the value through the getOrderItems API or Manage Orders page');
    }
    if (it.quantity < 1) return invalid(`Quantity: is invalid for order item ${it.orderItemId}, must be a positive number.`);
    asked.set(it.orderItemId, (asked.get(it.orderItemId) ?? 0) + it.quantity);
  }
  for (const [id, q] of asked) {
    const left = unitsLeft(items.find((x) => String(x.orderItemId) === id)!);
    if (q > left) return invalid(`Quantity: ${q} for order item ${id} exceeds the ${left} unit(s) left to ship.`);
  }
  const orderItems = (order.orderItems as unknown[]).map((raw) => {
    if (!isObj(raw) || !asked.has(String(raw.orderItemId))) return raw;
    const q = asked.get(String(raw.orderItemId))!;
    const f = isObj(raw.fulfillment) ? raw.fulfillment : {};
    const done = typeof f.quantityFulfilled === 'number' ? f.quantityFulfilled : 0;
    return { ...raw, fulfillment: { ...f, quantityFulfilled: done + q, quantityUnfulfilled: unitsLeft(raw) - q } };
  });
  const allShipped = orderItems.filter(isObj).every((it) => unitsLeft(it) <= 0);
  const pkg = buildPackage({
    packageReferenceId: req.packageReferenceId,
    carrier: req.carrierCode === 'Other' ? req.carrierName! : req.carrierCode,
    shippingService: req.shippingMethod,
    trackingNumber: req.trackingNumber,
    shipTimeMs: req.shipDateMs,
    createdMs: nowMs,
    items: req.items,
  });
  const next = patchOrder(order, { set: {
    orderItems, packages: [...packagesOf(order), pkg],
    fulfillment: { ...fulfillment, fulfillmentStatus: allShipped ? 'SHIPPED' : 'PARTIALLY_SHIPPED' },
  } }, nowMs);
  return { ok: true, value: next };
}
