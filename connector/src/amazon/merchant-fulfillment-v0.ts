/**
 * Merchant Fulfillment v0 (merchantFulfillmentV0.json), Buy Shipping where Shipping v2 does not serve the
 * marketplace: `getEligibleShipmentServices`, `createShipment`, `getShipment`, `cancelShipment`. v0 has no
 * idempotency key: `createShipment` is NOT idempotent (call.ts never repeats it after an unknown outcome; the
 * labels flow reads the order back first). Named `mfn*` in the usage plans: `cancelShipment` is also v2's, with
 * another plan. Protocol only: answers checked against the model's shapes (the parts read).
 */
import { gunzipSync } from 'node:zlib';
import { Type, type Static } from 'typebox';
import { PermanentError } from '../core/errors.ts';
import { checked } from './checked.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

type Name = 'getEligibleShipmentServices' | 'createShipment' | 'getShipment' | 'cancelShipment';
const op = (name: Name, idempotent: boolean): SpApiOperation =>
  ({ name: `mfn${name[0]!.toUpperCase()}${name.slice(1)}` as SpApiOperation['name'], clientOperation: `merchantFulfillment.${name}`, version: 'v0', idempotent });
export const MFN_GET_ELIGIBLE = op('getEligibleShipmentServices', true);
/** Not idempotent: v0 takes no idempotency key, a repeat buys a second label. */
export const MFN_CREATE_SHIPMENT = op('createShipment', false);
export const MFN_GET_SHIPMENT = op('getShipment', true);
/** A repeat of a cancel cancels nothing more. */
export const MFN_CANCEL_SHIPMENT = op('cancelShipment', true);

const Money = Type.Object({ CurrencyCode: Type.String({ minLength: 3, maxLength: 3 }), Amount: Type.Number() });
export const MfnShippingService = Type.Object({
  ShippingServiceName: Type.String(),
  CarrierName: Type.String(),
  ShippingServiceId: Type.String(),
  ShippingServiceOfferId: Type.String(),
  ShipDate: Type.String(),
  EarliestEstimatedDeliveryDate: Type.Optional(Type.String()),
  LatestEstimatedDeliveryDate: Type.Optional(Type.String()),
  Rate: Money,
  RequiresAdditionalSellerInputs: Type.Boolean(),
});
export type MfnShippingService = Static<typeof MfnShippingService>;
const Rejected = Type.Object({ CarrierName: Type.String(), ShippingServiceName: Type.String(), ShippingServiceId: Type.String(), RejectionReasonCode: Type.String(), RejectionReasonMessage: Type.Optional(Type.String()) });
export type MfnRejected = Static<typeof Rejected>;
const EligibleAnswer = Type.Object({ payload: Type.Object({ ShippingServiceList: Type.Array(MfnShippingService), RejectedShippingServiceList: Type.Optional(Type.Array(Rejected)) }) });
export type MfnEligible = Static<typeof EligibleAnswer>['payload'];
const Shipment = Type.Object({
  ShipmentId: Type.String(),
  AmazonOrderId: Type.String(),
  Status: Type.String(),
  TrackingId: Type.Optional(Type.String()),
  ShippingService: MfnShippingService,
  Label: Type.Object({ FileContents: Type.Object({ Contents: Type.String(), FileType: Type.String(), Checksum: Type.String() }) }),
});
type ShipmentAnswer = Static<typeof Shipment>;
const ShipmentEnvelope = Type.Object({ payload: Shipment });

/** A bought (or read) shipment with its label document unpacked (v0 sends it gzip-compressed, Base64). */
export interface MfnShipment {
  shipmentId: string;
  amazonOrderId: string;
  status: string;
  trackingId: string | null;
  service: MfnShippingService;
  label: { bytes: Buffer; fileType: string } | null;
}

/** The parts of `ShipmentRequestDetails` the labels flow sends (the model's names). */
export interface MfnShipmentRequestDetails {
  AmazonOrderId: string;
  ItemList: Array<{ OrderItemId: string; Quantity: number }>;
  ShipFromAddress: { Name: string; AddressLine1: string; AddressLine2?: string; City: string; StateOrProvinceCode?: string; PostalCode: string; CountryCode: string; Email: string; Phone: string };
  PackageDimensions: { Length: number; Width: number; Height: number; Unit: 'centimeters' | 'inches' };
  Weight: { Value: number; Unit: 'g' | 'oz' };
  MustArriveByDate?: string;
  ShippingServiceOptions: { DeliveryExperience: 'DeliveryConfirmationWithoutSignature'; CarrierWillPickUp: boolean; DeclaredValue?: { CurrencyCode: string; Amount: number }; LabelFormat?: 'PDF' };
}

function unpack(s: ShipmentAnswer): MfnShipment {
  const c = s.Label.FileContents;
  let label: MfnShipment['label'] = null;
  if (c.Contents) {
    try {
      label = { bytes: gunzipSync(Buffer.from(c.Contents, 'base64')), fileType: c.FileType };
    } catch {
      throw new PermanentError('AMAZON_BAD_PAYLOAD', `shipment ${s.ShipmentId}: the label is not the gzip-compressed Base64 the model describes`, {});
    }
  }
  return { shipmentId: s.ShipmentId, amazonOrderId: s.AmazonOrderId, status: s.Status, trackingId: s.TrackingId ?? null, service: s.ShippingService, label };
}

export class MerchantFulfillmentApi {
  readonly #caller: SpApiCaller;
  constructor(caller: SpApiCaller) {
    this.#caller = caller;
  }

  /** The services Amazon offers for the package (and the ones it rejects, with reason codes). */
  async getEligibleShipmentServices(details: MfnShipmentRequestDetails, options: CallOptions = {}): Promise<MfnEligible> {
    const res = await this.#caller.call(MFN_GET_ELIGIBLE, { body: { ShipmentRequestDetails: details } }, options);
    return checked(EligibleAnswer, res.body, 'getEligibleShipmentServices', 'AMAZON_BAD_PAYLOAD').payload;
  }

  /** Buys the offer: sent once; after an unknown outcome the caller reads the order back, never repeats it blindly. */
  async createShipment(input: { details: MfnShipmentRequestDetails; shippingServiceId: string; shippingServiceOfferId: string }, options: CallOptions = {}): Promise<MfnShipment> {
    const body = { ShipmentRequestDetails: input.details, ShippingServiceId: input.shippingServiceId, ShippingServiceOfferId: input.shippingServiceOfferId };
    const res = await this.#caller.call(MFN_CREATE_SHIPMENT, { body }, options);
    return unpack(checked(ShipmentEnvelope, res.body, 'createShipment', 'AMAZON_BAD_PAYLOAD').payload);
  }

  /** A shipment by its id (v0 has no search by order). */
  async getShipment(shipmentId: string, options: CallOptions = {}): Promise<MfnShipment> {
    const res = await this.#caller.call(MFN_GET_SHIPMENT, { path: { shipmentId } }, options);
    return unpack(checked(ShipmentEnvelope, res.body, 'getShipment', 'AMAZON_BAD_PAYLOAD').payload);
  }

  /** Voids a label (refused once its void window has passed: an AMAZON_INVALID_REQUEST). */
  async cancelShipment(shipmentId: string, options: CallOptions = {}): Promise<void> {
    await this.#caller.call(MFN_CANCEL_SHIPMENT, { path: { shipmentId } }, options);
  }
}
