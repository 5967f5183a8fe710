/**
 * Merchant Fulfillment v0 `ShipmentRequestDetails` read as merchantFulfillmentV0.json declares it (required fields,
 * the enums of units and delivery experience), turned into the package the shared Buy Shipping rating prices
 * (`../shipping/rate-offers.ts`). The first problem is answered as MFN answers a bad request: 400 `InvalidInput`.
 */
import type { AmazonError } from '../http/amazon-errors.ts';
import { isObj } from '../shipments/packages.ts';
import type { RatePackage } from '../shipping/rate-request.ts';

type Obj = Record<string, unknown>;
export type MfnParsed<T> = { ok: true; value: T } | { ok: false; status: number; error: AmazonError };

export interface MfnRequest {
  orderId: string;
  items: { orderItemId: string; quantity: number }[];
  shipFrom: Obj;
  pkg: RatePackage;
  mustArriveByMs: number | null;
  shipDateMs: number | null;
  labelFormat: string;
  /** The request as sent (echoed in the Shipment: ShipFromAddress, PackageDimensions, Weight...). */
  raw: Obj;
}

export const invalidInput = (details: string): { ok: false; status: number; error: AmazonError } =>
  ({ ok: false, status: 400, error: { code: 'InvalidInput', message: 'Request has missing or invalid parameters and cannot be parsed.', details } });

const KG: Record<string, number> = { g: 0.001, oz: 0.028349523125 };
const CM: Record<string, number> = { centimeters: 1, inches: 2.54 };
/** Amazon's predefined boxes the sandbox knows (a few of the model's enum), longest side in cm. */
const PREDEFINED: Record<string, number> = { FedEx_Box_Small_S1: 31.4, FedEx_Box_Medium_M1: 33.7, FedEx_Box_Large_L1: 44.8, USPS_Card: 15.2, USPS_FlatRateEnvelope: 31.8 };
const EXPERIENCE = new Set(['DeliveryConfirmationWithAdultSignature', 'DeliveryConfirmationWithSignature', 'DeliveryConfirmationWithoutSignature', 'NoTracking']);
export const LABEL_FORMATS = new Set(['PDF', 'PNG', 'ZPL203', 'ZPL300', 'ShippingServiceDefault']);
const str = (o: Obj, k: string) => (typeof o[k] === 'string' && (o[k] as string).trim() !== '' ? (o[k] as string) : undefined);
const time = (v: unknown): number | null | undefined => (v === undefined ? null : typeof v === 'string' && Number.isFinite(Date.parse(v)) ? Date.parse(v) : undefined);

/** The request's details, or the first problem. */
export function parseShipmentRequest(v: unknown): MfnParsed<MfnRequest> {
  if (!isObj(v)) return invalidInput('ShipmentRequestDetails is required');
  const orderId = str(v, 'AmazonOrderId');
  if (!orderId || !/^\d{3}-\d{7}-\d{7}$/.test(orderId)) return invalidInput('ShipmentRequestDetails.AmazonOrderId must be an order id in 3-7-7 format');
  if (!Array.isArray(v.ItemList) || !v.ItemList.length) return invalidInput('ShipmentRequestDetails.ItemList cannot be empty');
  const items: MfnRequest['items'] = [];
  for (const it of v.ItemList) {
    if (!isObj(it) || !str(it, 'OrderItemId') || typeof it.Quantity !== 'number' || !Number.isInteger(it.Quantity) || it.Quantity < 1) {
      return invalidInput('ShipmentRequestDetails.ItemList[] needs OrderItemId and a positive integer Quantity');
    }
    items.push({ orderItemId: it.OrderItemId as string, quantity: it.Quantity });
  }
  const from = v.ShipFromAddress;
  if (!isObj(from)) return invalidInput('ShipmentRequestDetails.ShipFromAddress is required');
  for (const k of ['Name', 'AddressLine1', 'City', 'CountryCode', 'Email', 'Phone', 'PostalCode']) {
    if (!str(from, k)) return invalidInput(`ShipFromAddress.${k} cannot be null or empty`);
  }
  if ((from.Name as string).length > 30) return invalidInput('ShipFromAddress.Name is longer than 30 characters');
  const d = v.PackageDimensions;
  let longestCm: number;
  if (isObj(d) && typeof d.PredefinedPackageDimensions === 'string') {
    const p = PREDEFINED[d.PredefinedPackageDimensions];
    if (p === undefined) return invalidInput(`PackageDimensions.PredefinedPackageDimensions ${d.PredefinedPackageDimensions} is not known`);
    longestCm = p;
  } else {
    if (!isObj(d) || typeof d.Unit !== 'string' || !CM[d.Unit]) return invalidInput('PackageDimensions.Unit must be inches or centimeters');
    const sides = [d.Length, d.Width, d.Height];
    if (!sides.every((s) => typeof s === 'number' && s > 0)) return invalidInput('PackageDimensions.Length, Width and Height must be positive numbers');
    longestCm = Math.max(...(sides as number[])) * CM[d.Unit]!;
  }
  const w = v.Weight;
  if (!isObj(w) || typeof w.Unit !== 'string' || !KG[w.Unit]) return invalidInput('Weight.Unit must be oz or g');
  if (typeof w.Value !== 'number' || !(w.Value > 0)) return invalidInput('Weight.Value must be a positive number');
  const o = v.ShippingServiceOptions;
  if (!isObj(o) || typeof o.CarrierWillPickUp !== 'boolean') return invalidInput('ShippingServiceOptions.CarrierWillPickUp is required');
  if (typeof o.DeliveryExperience !== 'string' || !EXPERIENCE.has(o.DeliveryExperience)) return invalidInput('ShippingServiceOptions.DeliveryExperience is required (DeliveryConfirmationWithoutSignature, ...)');
  if (o.LabelFormat !== undefined && (typeof o.LabelFormat !== 'string' || !LABEL_FORMATS.has(o.LabelFormat))) return invalidInput('ShippingServiceOptions.LabelFormat must be PDF, PNG, ZPL203, ZPL300 or ShippingServiceDefault');
  const declared = isObj(o.DeclaredValue) && typeof o.DeclaredValue.Amount === 'number' ? Math.round(o.DeclaredValue.Amount * 100) : 0;
  const mustArriveByMs = time(v.MustArriveByDate);
  const shipDateMs = time(v.ShipDate);
  if (mustArriveByMs === undefined) return invalidInput('MustArriveByDate must be an ISO 8601 date-time');
  if (shipDateMs === undefined) return invalidInput('ShipDate must be an ISO 8601 date-time');
  const kg = w.Value * KG[w.Unit]!;
  return { ok: true, value: { orderId, items, shipFrom: from, mustArriveByMs, shipDateMs, labelFormat: (o.LabelFormat as string | undefined) ?? 'ShippingServiceDefault', raw: v,
    pkg: { packageClientReferenceId: 'MFN', kg, longestCm, insuredMinor: declared, items: items.map((i) => ({ quantity: i.quantity, itemIdentifier: i.orderItemId })) } } };
}
