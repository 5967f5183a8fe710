/**
 * Merchant Fulfillment v0 (merchantFulfillmentV0.json), Buy Shipping's older API, served for every marketplace
 * (Shipping v2 only for those not in `shippingV2Unserved`): `getEligibleShipmentServices` (the shared carriers,
 * prices and promises of `../shipping/`, refused services as `RejectedShippingServiceList`), `createShipment` (no
 * idempotency key in v0: every accepted call buys a label), `getShipment` (by shipment id: the only read v0 has),
 * `cancelShipment` (within 24 hours). Usage plans as the model's tables: 6/12, 2/2, 1/1, 1/1.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxState } from '../state.ts';
import { sendErrors, type AmazonError } from '../http/amazon-errors.ts';
import { guardSpApiCall } from '../http/sp-api-guard.ts';
import { isObj } from '../shipments/packages.ts';
import { shipByLabel, unshipLabel } from '../shipping/order-shipping.ts';
import { destinationOf, rateOffers } from '../shipping/rate-offers.ts';
import { trackingIdFor } from '../shipping/label-document.ts';
import { TOKEN_TTL_MS, VOID_WINDOW_MS, type BoughtShipment } from '../shipping/shipping-store.ts';
import { invalidInput, LABEL_FORMATS, parseShipmentRequest, type MfnParsed, type MfnRequest } from './mfn-request.ts';
import { rejectedView, shipmentView, shippingServiceView } from './mfn-views.ts';

type Obj = Record<string, unknown>;
const fail = (reply: FastifyReply, r: { status: number; error: AmazonError }) => sendErrors(reply, r.status, r.error);
const notFound = (reply: FastifyReply, id: string) => sendErrors(reply, 404, { code: 'NotFound', message: `Shipment ${id} was not found.` });
let trackingSerial = 500_000;

/** The order the request names, checked as Amazon checks it (this seller's, merchant-fulfilled, still to ship, its items). */
function orderFor(state: SandboxState, sellerId: string, r: MfnRequest): MfnParsed<Obj> {
  const stored = state.store.get(r.orderId);
  if (!stored || stored.sellerId !== sellerId) return invalidInput(`Order ${r.orderId} was not found`);
  const f = (stored.order.fulfillment ?? {}) as Obj;
  if (f.fulfilledBy === 'AMAZON') return invalidInput(`Order ${r.orderId} is fulfilled by Amazon`);
  if (f.fulfillmentStatus === 'CANCELLED' || f.fulfillmentStatus === 'SHIPPED') return invalidInput(`Order ${r.orderId} is ${String(f.fulfillmentStatus)}: no label can be bought`);
  const itemIds = new Set((Array.isArray(stored.order.orderItems) ? stored.order.orderItems.filter(isObj) : []).map((i) => String(i.orderItemId)));
  const stranger = r.items.find((i) => !itemIds.has(i.orderItemId));
  if (stranger) return invalidInput(`OrderItemId ${stranger.orderItemId} is not an item of order ${r.orderId}`);
  return { ok: true, value: stored.order };
}

const badAddress = (details: string) => ({ status: 400, error: { code: 'InvalidAddress', message: 'The ship to address is missing or invalid.', details } });

/** Registers the four operations under /mfn/v0. */
export function registerMerchantFulfillmentRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/mfn/v0/eligibleShippingServices', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'mfnGetEligibleShipmentServices');
    if (!sellerId) return reply;
    const body = req.body as Obj | undefined;
    const parsed = parseShipmentRequest(body?.ShipmentRequestDetails);
    if (!parsed.ok) return fail(reply, parsed);
    const r = parsed.value;
    const order = orderFor(state, sellerId, r);
    if (!order.ok) return fail(reply, order);
    const dest = destinationOf(order.value);
    if (!dest) return fail(reply, badAddress('ShipToAddress'));
    const f = (order.value.fulfillment ?? {}) as Obj;
    const orderDeliverBy = Date.parse(String((f.deliverByWindow as Obj | undefined)?.latestDateTime ?? ''));
    const deliverBy = r.mustArriveByMs ?? (Number.isFinite(orderDeliverBy) ? orderDeliverBy : null);
    const got = rateOffers([r.pkg], dest, Math.max(state.now(), r.shipDateMs ?? 0), deliverBy, () => state.shipping.nextId('OFR'));
    if (!got.addressOk) return fail(reply, badAddress('ShipToAddress.PostalCode: the postal code does not fit the country'));
    const requestToken = state.shipping.nextId('MFNQ');
    state.shipping.quotes.set(requestToken, { requestToken, sellerId, orderId: r.orderId, createdMs: state.now(), packages: [r.pkg], offers: got.offers });
    const options = (r.raw.ShippingServiceOptions ?? {}) as Obj;
    return { payload: {
      ShippingServiceList: got.offers.map((o) => shippingServiceView(o, options)),
      RejectedShippingServiceList: got.ineligible.flatMap(rejectedView),
      TemporarilyUnavailableCarrierList: [],
      TermsAndConditionsNotAcceptedCarrierList: [],
    } };
  });

  app.post('/mfn/v0/shipments', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'mfnCreateShipment');
    if (!sellerId) return reply;
    const body = req.body as Obj | undefined;
    if (!isObj(body)) return fail(reply, invalidInput('The request body must be a JSON object'));
    const parsed = parseShipmentRequest(body.ShipmentRequestDetails);
    if (!parsed.ok) return fail(reply, parsed);
    const r = parsed.value;
    if (typeof body.ShippingServiceId !== 'string' || !body.ShippingServiceId) return fail(reply, invalidInput('ShippingServiceId cannot be null'));
    if (typeof body.ShippingServiceOfferId !== 'string' || !body.ShippingServiceOfferId) return fail(reply, invalidInput('ShippingServiceOfferId cannot be null: get the eligible services first'));
    const order = orderFor(state, sellerId, r);
    if (!order.ok) return fail(reply, order);
    const quote = [...state.shipping.quotes.values()].find((q) => q.sellerId === sellerId && q.orderId === r.orderId && q.offers.some((o) => o.rateId === body.ShippingServiceOfferId));
    const offer = quote?.offers.find((o) => o.rateId === body.ShippingServiceOfferId);
    if (!quote || !offer) return fail(reply, invalidInput(`ShippingServiceOfferId ${body.ShippingServiceOfferId} is not an offer for order ${r.orderId}`));
    if (offer.service.serviceId !== body.ShippingServiceId) return fail(reply, invalidInput(`ShippingServiceOfferId is an offer of ${offer.service.serviceId}, not ${body.ShippingServiceId}`));
    if (state.now() - quote.createdMs > TOKEN_TTL_MS) return fail(reply, invalidInput('The shipping service offer has expired: get the eligible services again'));
    if (r.pkg.kg > offer.service.maxKg) return fail(reply, invalidInput(`${offer.service.serviceName} is not eligible for this package: it takes packages up to ${offer.service.maxKg} kg`));
    const now = state.now();
    const trackingId = trackingIdFor(offer.service.carrierId, ++trackingSerial);
    const packageReferenceId = String(Math.floor(now / 1000) % 1_000_000_000 * 100 + (trackingSerial % 100) + 1);
    const shipped = shipByLabel(order.value, { packageReferenceId, carrierName: offer.service.carrierName, serviceName: offer.service.serviceName, trackingId }, now);
    if (!shipped.ok) return fail(reply, { status: 400, error: { code: 'InvalidInput', message: 'The order cannot be shipped with this label', details: shipped.error.message } });
    state.store.put(sellerId, shipped.value);
    const format = (isObj(body.LabelFormatOption) && typeof body.LabelFormatOption.LabelFormat === 'string' && LABEL_FORMATS.has(body.LabelFormatOption.LabelFormat)
      ? body.LabelFormatOption.LabelFormat : r.labelFormat);
    const shipment: BoughtShipment = { shipmentId: state.shipping.nextId('MFN'), sellerId, orderId: r.orderId, offer, purchasedMs: now, cancelledMs: null,
      packages: [{ packageClientReferenceId: 'MFN', trackingId, packageReferenceId }], mfn: { request: r.raw, labelFormat: format } };
    state.shipping.shipments.set(shipment.shipmentId, shipment);
    return { payload: shipmentView(shipment, shipped.value, r.pkg.kg, now) };
  });

  const mfnShipment = (sellerId: string, id: string) => {
    const s = state.shipping.shipments.get(id);
    return s && s.sellerId === sellerId && s.mfn ? s : undefined;
  };
  const view = (s: BoughtShipment) => shipmentView(s, state.store.get(s.orderId)?.order ?? {}, kgOf(state, s), state.now());

  app.get<{ Params: { shipmentId: string } }>('/mfn/v0/shipments/:shipmentId', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'mfnGetShipment');
    if (!sellerId) return reply;
    const s = mfnShipment(sellerId, req.params.shipmentId);
    if (!s) return notFound(reply, req.params.shipmentId);
    return { payload: view(s) };
  });

  app.delete<{ Params: { shipmentId: string } }>('/mfn/v0/shipments/:shipmentId', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'mfnCancelShipment');
    if (!sellerId) return reply;
    const s = mfnShipment(sellerId, req.params.shipmentId);
    if (!s) return notFound(reply, req.params.shipmentId);
    if (s.cancelledMs === null) {
      if (state.now() - s.purchasedMs > VOID_WINDOW_MS) {
        return fail(reply, { status: 400, error: { code: 'InvalidInput', message: 'The shipment can no longer be cancelled: the void window has passed.', details: 'A label can be voided within 24 hours of its purchase.' } });
      }
      s.cancelledMs = state.now();
      const stored = state.store.get(s.orderId);
      if (stored) state.store.put(stored.sellerId, unshipLabel(stored.order, s.packages[0]!.packageReferenceId, state.now()));
    }
    return { payload: view(s) };
  });
}

/** The weight the shipment was rated with (printed on the label). */
function kgOf(state: SandboxState, s: BoughtShipment): number {
  const q = [...state.shipping.quotes.values()].find((x) => x.offers.some((o) => o.rateId === s.offer.rateId));
  return q?.packages[0]?.kg ?? 0;
}
