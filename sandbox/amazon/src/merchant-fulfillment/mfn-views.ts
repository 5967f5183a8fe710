/**
 * Merchant Fulfillment v0 answers in the model's shapes (`ShippingService`, `RejectedShippingService`, `Shipment`,
 * `Label`): the shared Buy Shipping offers (`../shipping/rate-offers.ts`) seen through v0's names. The label's
 * `FileContents.Contents` is, as the model says, Base64 of the GZip-compressed document, with its MD5 checksum.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { labelPdf, labelZpl, shipToLines } from '../shipping/label-document.ts';
import type { Ineligible } from '../shipping/rate-offers.ts';
import type { BoughtShipment, RateOffer } from '../shipping/shipping-store.ts';

type Obj = Record<string, unknown>;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const money = (minor: number, currency: string) => ({ CurrencyCode: currency, Amount: Number((minor / 100).toFixed(2)) });
/** ZPL for the thermal formats, PDF otherwise (a service's default is its PDF). */
export const isZpl = (format: string) => format === 'ZPL203' || format === 'ZPL300';

export function shippingServiceView(o: RateOffer, options: Obj) {
  return {
    ShippingServiceName: o.service.serviceName,
    CarrierName: o.service.carrierName,
    ShippingServiceId: o.service.serviceId,
    ShippingServiceOfferId: o.rateId,
    ShipDate: iso(o.pickup.end),
    EarliestEstimatedDeliveryDate: iso(o.delivery.start),
    LatestEstimatedDeliveryDate: iso(o.delivery.end),
    Rate: money(o.chargeMinor, o.currency),
    RateWithAdjustments: money(o.chargeMinor, o.currency),
    ShippingServiceOptions: options,
    AvailableLabelFormats: ['PDF', 'ZPL203'],
    AvailableFormatOptionsForLabel: [{ IncludePackingSlipWithLabel: false, LabelFormat: 'PDF' }, { IncludePackingSlipWithLabel: false, LabelFormat: 'ZPL203' }],
    RequiresAdditionalSellerInputs: false,
  };
}

export const rejectedView = (i: Ineligible) => i.reasons.map((r) => ({
  CarrierName: i.service.carrierName, ShippingServiceName: i.service.serviceName, ShippingServiceId: i.service.serviceId,
  RejectionReasonCode: r.code, RejectionReasonMessage: r.message,
}));

/** The order's ship-to as an MFN `Address` (the model requires Email and Phone: Amazon's relay values when the order has none). */
function shipToAddress(order: Obj): Obj {
  const a = ((order.recipient as Obj | undefined)?.deliveryAddress ?? {}) as Obj;
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  return { Name: s('name').slice(0, 30), AddressLine1: s('addressLine1'), ...(s('addressLine2') ? { AddressLine2: s('addressLine2') } : {}), City: s('city'),
    PostalCode: s('postalCode'), CountryCode: s('countryCode'), Email: `${String(order.orderId)}@marketplace.amazon.invalid`, Phone: s('phone') || '+00 000 000000' };
}

/** The label of a bought shipment: its document gzip-compressed in Base64; empty once cancelled (as the model says). */
function labelView(s: BoughtShipment, order: Obj, kg: number): Obj {
  const format = s.mfn?.labelFormat ?? 'PDF';
  const zpl = isZpl(format);
  const dims = { Length: 6, Width: 4, Unit: 'inches' };
  if (s.cancelledMs !== null) return { Dimensions: dims, FileContents: { Contents: '', FileType: zpl ? 'application/zpl' : 'application/pdf', Checksum: '' }, LabelFormat: zpl ? format : 'PDF' };
  const content = { carrierName: s.offer.service.carrierName, serviceName: s.offer.service.serviceName, trackingId: s.packages[0]!.trackingId, shipTo: shipToLines(order), orderId: s.orderId, weightKg: kg };
  const doc = zpl ? labelZpl(content) : labelPdf(content);
  return { Dimensions: dims, LabelFormat: zpl ? format : 'PDF',
    FileContents: { Contents: gzipSync(doc).toString('base64'), FileType: zpl ? 'application/zpl' : 'application/pdf', Checksum: createHash('md5').update(doc).digest('base64') } };
}

/** A refund is pending for an hour after the cancellation, then applied. */
function statusOf(s: BoughtShipment, nowMs: number): string {
  if (s.cancelledMs === null) return 'Purchased';
  return nowMs - s.cancelledMs < 3_600_000 ? 'RefundPending' : 'RefundApplied';
}

export function shipmentView(s: BoughtShipment, order: Obj, kg: number, nowMs: number): Obj {
  const r = s.mfn?.request ?? {};
  return {
    ShipmentId: s.shipmentId,
    AmazonOrderId: s.orderId,
    ...(typeof r.SellerOrderId === 'string' ? { SellerOrderId: r.SellerOrderId } : {}),
    ItemList: r.ItemList,
    ShipFromAddress: r.ShipFromAddress,
    ShipToAddress: shipToAddress(order),
    PackageDimensions: r.PackageDimensions,
    Weight: r.Weight,
    Insurance: money(0, s.offer.currency),
    ShippingService: shippingServiceView(s.offer, (r.ShippingServiceOptions ?? {}) as Obj),
    Label: labelView(s, order, kg),
    Status: statusOf(s, nowMs),
    TrackingId: s.packages[0]!.trackingId,
    CreatedDate: iso(s.purchasedMs),
    LastUpdatedDate: iso(s.cancelledMs ?? s.purchasedMs),
  };
}
