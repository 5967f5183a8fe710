/**
 * Shipping API v2 (shippingV2.json): `getRates`, `purchaseShipment` (with `x-amzn-IdempotencyKey`: the same key
 * and body get the same answer and no second label), `getShipmentDocuments`, `cancelShipment` (within 24 hours of
 * the purchase). Each passes the usage plan (80/s, burst 100) and is counted in `/_sandbox/calls`.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxState } from '../state.ts';
import { sendErrors, type AmazonError } from '../http/amazon-errors.ts';
import { guardSpApiCall } from '../http/sp-api-guard.ts';
import { unshipLabel } from './order-shipping.ts';
import { bodyHash, documentDetail, purchase } from './purchase.ts';
import { destinationOf, rateOffers } from './rate-offers.ts';
import { badRequest, parseRateRequest } from './rate-request.ts';
import { VOID_WINDOW_MS } from './shipping-store.ts';
import { ineligibleView, rateView } from './views.ts';

const fail = (reply: FastifyReply, r: { status: number; error: AmazonError }) => sendErrors(reply, r.status, r.error);

/** Registers the four operations under /shipping/v2. */
export function registerShippingRoutes(app: FastifyInstance, state: SandboxState): void {
  app.post('/shipping/v2/shipments/rates', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'getRates');
    if (!sellerId) return reply;
    const parsed = parseRateRequest(req.body);
    if (!parsed.ok) return fail(reply, parsed);
    const r = parsed.value;
    const stored = state.store.get(r.orderId);
    if (!stored || stored.sellerId !== sellerId) return fail(reply, badRequest(`Order ${r.orderId} was not found`));
    const f = (stored.order.fulfillment ?? {}) as Record<string, unknown>;
    if (f.fulfilledBy === 'AMAZON') return fail(reply, badRequest(`Order ${r.orderId} is fulfilled by Amazon`));
    const marketplaceId = String((stored.order.salesChannel as Record<string, unknown> | undefined)?.marketplaceId ?? '');
    if (state.opts.shippingV2Unserved.includes(marketplaceId)) {
      return fail(reply, { status: 400, error: { code: 'UnsupportedMarketplace', message: `Shipping API v2 does not serve marketplace ${marketplaceId}: use the Merchant Fulfillment API.`, details: 'channelDetails.amazonOrderDetails' } });
    }
    if (f.fulfillmentStatus === 'CANCELLED' || f.fulfillmentStatus === 'SHIPPED') return fail(reply, badRequest(`Order ${r.orderId} is ${String(f.fulfillmentStatus)}: no label can be bought`));
    const dest = destinationOf(stored.order);
    if (!dest) return fail(reply, { status: 400, error: { code: 'InvalidAddress', message: 'The ship to address is missing or invalid.', details: 'shipTo' } });
    const deliverBy = Date.parse(String((f.deliverByWindow as Record<string, unknown> | undefined)?.latestDateTime ?? ''));
    const from = Math.max(state.now(), r.shipDateMs ?? 0);
    const got = rateOffers(r.packages, dest, from, Number.isFinite(deliverBy) ? deliverBy : null, () => state.shipping.nextId('RATE'));
    if (!got.addressOk) return fail(reply, { status: 400, error: { code: 'InvalidAddress', message: 'The ship to address failed validation: the postal code does not fit the country.', details: 'shipTo.postalCode' } });
    const requestToken = state.shipping.nextId('RT');
    state.shipping.quotes.set(requestToken, { requestToken, sellerId, orderId: r.orderId, createdMs: state.now(), packages: r.packages, offers: got.offers });
    const kg = r.packages.reduce((n, p) => n + p.kg, 0);
    return { payload: { requestToken, rates: got.offers.map((o) => rateView(o, kg)), ineligibleRates: got.ineligible.map(ineligibleView) } };
  });

  app.post('/shipping/v2/shipments', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'purchaseShipment');
    if (!sellerId) return reply;
    const key = req.headers['x-amzn-idempotencykey'];
    const idem = typeof key === 'string' && key !== '' ? key : undefined;
    const hash = bodyHash(req.body);
    if (idem) {
      const seen = state.shipping.answered(sellerId, idem);
      if (seen && seen.bodyHash !== hash) return fail(reply, badRequest('x-amzn-IdempotencyKey was already used with a different request'));
      if (seen) return reply.code(seen.status).send(seen.body);
    }
    const r = purchase(state, sellerId, req.body);
    if (!r.ok) return fail(reply, r);
    if (idem) state.shipping.remember(sellerId, idem, { bodyHash: hash, status: 200, body: r.value });
    return r.value;
  });

  app.get<{ Params: { shipmentId: string }; Querystring: Record<string, string | undefined> }>('/shipping/v2/shipments/:shipmentId/documents', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'getShipmentDocuments');
    if (!sellerId) return reply;
    const s = state.shipping.shipments.get(req.params.shipmentId);
    if (!s || s.sellerId !== sellerId || s.mfn) return sendErrors(reply, 404, { code: 'NotFound', message: `Shipment ${req.params.shipmentId} was not found.` });
    const ref = req.query.packageClientReferenceId;
    if (!ref) return fail(reply, badRequest('packageClientReferenceId cannot be null'));
    const format = req.query.format ?? 'PDF';
    if (format !== 'PDF' && format !== 'ZPL') return fail(reply, badRequest('format must be PDF or ZPL'));
    if (s.cancelledMs !== null) return fail(reply, badRequest(`Shipment ${s.shipmentId} is cancelled: its documents are void`));
    const detail = documentDetail(state, s, ref, format);
    if (!detail) return fail(reply, badRequest(`packageClientReferenceId ${ref} is not a package of shipment ${s.shipmentId}`));
    return { payload: { shipmentId: s.shipmentId, packageDocumentDetail: detail } };
  });

  app.put<{ Params: { shipmentId: string } }>('/shipping/v2/shipments/:shipmentId/cancel', async (req, reply) => {
    const sellerId = guardSpApiCall(state, req, reply, 'cancelShipment');
    if (!sellerId) return reply;
    const s = state.shipping.shipments.get(req.params.shipmentId);
    if (!s || s.sellerId !== sellerId || s.mfn) return sendErrors(reply, 404, { code: 'NotFound', message: `Shipment ${req.params.shipmentId} was not found.` });
    if (s.cancelledMs !== null) return { payload: {} };
    if (state.now() - s.purchasedMs > VOID_WINDOW_MS) {
      return fail(reply, { status: 400, error: { code: 'InvalidRequest', message: 'The shipment can no longer be cancelled: the void window has passed.', details: 'A label can be voided within 24 hours of its purchase.' } });
    }
    s.cancelledMs = state.now();
    const stored = state.store.get(s.orderId);
    if (stored) {
      let order = stored.order;
      for (const p of s.packages) order = unshipLabel(order, p.packageReferenceId, state.now());
      state.store.put(stored.sellerId, order);
    }
    return { payload: {} };
  });
}

/** The labels bought for an order, for the admin API and the tests (no label bytes: they hold the buyer's address). */
export function labelsOfOrder(state: SandboxState, orderId: string) {
  return state.shipping.ofOrder(orderId).map((s) => ({ shipmentId: s.shipmentId, carrierId: s.offer.service.carrierId, serviceId: s.offer.service.serviceId,
    chargeMinor: s.offer.chargeMinor, currency: s.offer.currency, trackingIds: s.packages.map((p) => p.trackingId),
    purchasedAt: new Date(s.purchasedMs).toISOString(), cancelledAt: s.cancelledMs === null ? null : new Date(s.cancelledMs).toISOString() }));
}
