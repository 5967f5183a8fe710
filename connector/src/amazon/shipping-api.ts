/**
 * Shipping API v2 (shippingV2.json), the Buy Shipping operations the labels flow uses: `getRates`,
 * `purchaseShipment` (sent with `x-amzn-IdempotencyKey`, so repeating it after an unknown outcome returns the same
 * shipment: it is treated as idempotent), `getShipmentDocuments` and `cancelShipment`. 80 requests/s, burst 100
 * each. Protocol only: answers are checked against the model's shapes (the parts read), nothing is mapped here.
 */
import { Type, type Static } from 'typebox';
import { checked } from './checked.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';

const op = (name: 'getRates' | 'purchaseShipment' | 'getShipmentDocuments' | 'cancelShipment', idempotent: boolean): SpApiOperation =>
  ({ name, clientOperation: `shipping.${name}`, version: 'v2', idempotent });
export const GET_RATES = op('getRates', true);
/** Idempotent only because every call carries its idempotency key (the adapter insists on one). */
export const PURCHASE_SHIPMENT = op('purchaseShipment', true);
export const GET_SHIPMENT_DOCUMENTS = op('getShipmentDocuments', true);
export const CANCEL_SHIPMENT = op('cancelShipment', true);

const Currency = Type.Object({ value: Type.Number(), unit: Type.String({ minLength: 3, maxLength: 3 }) });
const TimeWindow = Type.Object({ start: Type.Optional(Type.String()), end: Type.Optional(Type.String()) });
export const ShippingPromise = Type.Object({ deliveryWindow: Type.Optional(TimeWindow), pickupWindow: Type.Optional(TimeWindow) });
const DocumentFormat = Type.Union([Type.Literal('PDF'), Type.Literal('PNG'), Type.Literal('ZPL')]);

export const Rate = Type.Object({
  rateId: Type.String(),
  carrierId: Type.String(),
  carrierName: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  totalCharge: Currency,
  promise: ShippingPromise,
  supportedDocumentSpecifications: Type.Array(Type.Object({ format: DocumentFormat, size: Type.Object({ width: Type.Number(), length: Type.Number(), unit: Type.String() }) })),
  requiresAdditionalInputs: Type.Boolean(),
});
export type Rate = Static<typeof Rate>;

export const IneligibleRate = Type.Object({
  serviceId: Type.String(),
  serviceName: Type.String(),
  carrierName: Type.String(),
  carrierId: Type.String(),
  ineligibilityReasons: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
});
export type IneligibleRate = Static<typeof IneligibleRate>;

const RatesAnswer = Type.Object({ payload: Type.Object({ requestToken: Type.String(), rates: Type.Array(Rate), ineligibleRates: Type.Optional(Type.Array(IneligibleRate)) }) });
export type RatesResult = Static<typeof RatesAnswer>['payload'];

const PackageDocumentDetail = Type.Object({
  packageClientReferenceId: Type.String(),
  packageDocuments: Type.Array(Type.Object({ type: Type.String(), format: DocumentFormat, contents: Type.String() })),
  trackingId: Type.Optional(Type.String()),
});
export type PackageDocumentDetail = Static<typeof PackageDocumentDetail>;
const PurchaseAnswer = Type.Object({ payload: Type.Object({ shipmentId: Type.String(), packageDocumentDetails: Type.Array(PackageDocumentDetail), promise: ShippingPromise }) });
export type PurchaseResult = Static<typeof PurchaseAnswer>['payload'];
const DocumentsAnswer = Type.Object({ payload: Type.Object({ shipmentId: Type.String(), packageDocumentDetail: PackageDocumentDetail }) });

/** The parts of `GetRatesRequest` the flow sends (the model's names; Amazon takes the ship-to from the order). */
export interface RatesRequest {
  shipFrom: Record<string, string>;
  shipDate?: string;
  packages: Array<{
    packageClientReferenceId: string;
    dimensions: { length: number; width: number; height: number; unit: 'CENTIMETER' | 'INCH' };
    weight: { value: number; unit: 'GRAM' | 'KILOGRAM' | 'OUNCE' | 'POUND' };
    insuredValue: { value: number; unit: string };
    items: Array<{ quantity: number; itemIdentifier?: string; description?: string }>;
  }>;
  channelDetails: { channelType: 'AMAZON'; amazonOrderDetails: { orderId: string } };
}

export class ShippingApi {
  readonly #caller: SpApiCaller;
  constructor(caller: SpApiCaller) {
    this.#caller = caller;
  }

  /** The rates (and the services refused, with their reasons) for the packages of an Amazon order. */
  async getRates(body: RatesRequest, options: CallOptions = {}): Promise<RatesResult> {
    const res = await this.#caller.call(GET_RATES, { body }, options);
    return checked(RatesAnswer, res.body, 'getRates', 'AMAZON_BAD_PAYLOAD').payload;
  }

  /** Buys a rate; `idempotencyKey` makes a repeat (after a timeout, a crash) return the same shipment. */
  async purchaseShipment(input: { requestToken: string; rateId: string; format: 'PDF' | 'ZPL' }, idempotencyKey: string, options: CallOptions = {}): Promise<PurchaseResult> {
    const body = { requestToken: input.requestToken, rateId: input.rateId, requestedDocumentSpecification: {
      format: input.format, size: { width: 4, length: 6, unit: 'INCH' }, needFileJoining: false, requestedDocumentTypes: ['LABEL'] } };
    const res = await this.#caller.call(PURCHASE_SHIPMENT, { body, headers: { 'x-amzn-IdempotencyKey': idempotencyKey } }, options);
    return checked(PurchaseAnswer, res.body, 'purchaseShipment', 'AMAZON_BAD_PAYLOAD').payload;
  }

  /** A package's documents again, in `format` (the ZPL of a label bought as PDF). */
  async getShipmentDocuments(shipmentId: string, packageClientReferenceId: string, format: 'PDF' | 'ZPL', options: CallOptions = {}): Promise<PackageDocumentDetail> {
    const res = await this.#caller.call(GET_SHIPMENT_DOCUMENTS, { path: { shipmentId }, query: { packageClientReferenceId, format } }, options);
    return checked(DocumentsAnswer, res.body, 'getShipmentDocuments', 'AMAZON_BAD_PAYLOAD').payload.packageDocumentDetail;
  }

  /** Voids a bought label (Amazon refuses once the void window has passed: an AMAZON_INVALID_REQUEST). */
  async cancelShipment(shipmentId: string, options: CallOptions = {}): Promise<void> {
    await this.#caller.call(CANCEL_SHIPMENT, { path: { shipmentId } }, options);
  }
}
