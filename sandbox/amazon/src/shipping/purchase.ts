/**
 * Shipping v2 `purchaseShipment` and `getShipmentDocuments` behind the HTTP layer: the request token and rate
 * checked (TOKEN_EXPIRED after 10 minutes, as the model's description says), the document specification among the
 * rate's, the order shipped by the label, one tracking id and one label per package, rendered in the asked format.
 */
import { createHash } from 'node:crypto';
import type { SandboxState } from '../state.ts';
import { isObj } from '../shipments/packages.ts';
import { labelPdf, labelZpl, shipToLines, trackingIdFor } from './label-document.ts';
import { shipByLabel } from './order-shipping.ts';
import { badRequest, type Parsed } from './rate-request.ts';
import { TOKEN_TTL_MS, type BoughtShipment } from './shipping-store.ts';
import { promiseView } from './views.ts';

type Obj = Record<string, unknown>;
const FORMATS = new Set(['PDF', 'ZPL']);
let trackingSerial = 0;

/** The request's hash: the same idempotency key with another body is refused. */
export const bodyHash = (body: unknown) => createHash('sha256').update(JSON.stringify(body ?? null)).digest('hex');

/** Buys the rate; the answer body (`PurchaseShipmentResponse`) or the first problem. */
export function purchase(state: SandboxState, sellerId: string, body: unknown): Parsed<Obj> {
  if (!isObj(body)) return badRequest('The request body must be a JSON object');
  const extra = Object.keys(body).find((k) => !['requestToken', 'rateId', 'requestedDocumentSpecification', 'requestedValueAddedServices', 'additionalInputs'].includes(k));
  if (extra) return badRequest(`body.${extra} is not a known property`);
  if (typeof body.requestToken !== 'string' || !body.requestToken) return badRequest('RequestToken cannot be null');
  if (typeof body.rateId !== 'string' || !body.rateId) return badRequest('RateId cannot be null');
  const spec = body.requestedDocumentSpecification;
  if (!isObj(spec) || typeof spec.format !== 'string' || !FORMATS.has(spec.format)) return badRequest('requestedDocumentSpecification.format must be PDF or ZPL (the formats the rates support)');
  const size = spec.size;
  if (!isObj(size) || size.width !== 4 || size.length !== 6 || size.unit !== 'INCH') return badRequest('requestedDocumentSpecification.size is not among the rate\'s supported document specifications (4 x 6 INCH)');
  if (typeof spec.needFileJoining !== 'boolean' || !Array.isArray(spec.requestedDocumentTypes) || !spec.requestedDocumentTypes.includes('LABEL')) {
    return badRequest('requestedDocumentSpecification.needFileJoining and requestedDocumentTypes (with LABEL) are required');
  }
  const quote = state.shipping.quotes.get(body.requestToken);
  if (!quote || quote.sellerId !== sellerId) return badRequest('RequestToken is invalid');
  if (state.now() - quote.createdMs > TOKEN_TTL_MS) {
    return { ok: false, status: 400, error: { code: 'TOKEN_EXPIRED', message: 'The request token has expired: get the rates again.', details: '' } };
  }
  const offer = quote.offers.find((o) => o.rateId === body.rateId);
  if (!offer) return badRequest('RateId is invalid for this request token');
  const stored = state.store.get(quote.orderId);
  if (!stored) return badRequest(`Order ${quote.orderId} was not found`);
  const now = state.now();
  const packages = quote.packages.map((p) => ({ packageClientReferenceId: p.packageClientReferenceId, units: p.items.reduce((n, i) => n + i.quantity, 0), trackingId: trackingIdFor(offer.service.carrierId, ++trackingSerial),
    packageReferenceId: String(Math.floor(now / 1000) % 1_000_000_000 * 100 + (trackingSerial % 100) + 1) }));
  let order = stored.order;
  for (const p of packages) {
    const shipped = shipByLabel(order, { packageReferenceId: p.packageReferenceId, carrierName: offer.service.carrierName, serviceName: offer.service.serviceName, trackingId: p.trackingId, units: p.units }, now);
    if (!shipped.ok) return { ok: false, status: 400, error: { code: 'InvalidRequest', message: 'The order cannot be shipped with this label', details: shipped.error.message } };
    order = shipped.value;
  }
  state.store.put(sellerId, order);
  const shipment: BoughtShipment = { shipmentId: state.shipping.nextId('SHP'), sellerId, orderId: quote.orderId, offer, packages, purchasedMs: now, cancelledMs: null };
  state.shipping.shipments.set(shipment.shipmentId, shipment);
  return { ok: true, value: { payload: {
    shipmentId: shipment.shipmentId,
    packageDocumentDetails: packages.map((p) => documentDetail(state, shipment, p.packageClientReferenceId, spec.format as string)!),
    promise: promiseView(offer),
  } } };
}

/** A package's documents in `format` (`PackageDocumentDetail`), or undefined for a package the shipment lacks. */
export function documentDetail(state: SandboxState, s: BoughtShipment, packageRef: string, format: string): Obj | undefined {
  const p = s.packages.find((x) => x.packageClientReferenceId === packageRef);
  if (!p) return undefined;
  const quote = [...state.shipping.quotes.values()].find((q) => q.offers.some((o) => o.rateId === s.offer.rateId));
  const order = state.store.get(s.orderId)?.order ?? {};
  const content = { carrierName: s.offer.service.carrierName, serviceName: s.offer.service.serviceName, trackingId: p.trackingId,
    shipTo: shipToLines(order), orderId: s.orderId, weightKg: quote?.packages.find((x) => x.packageClientReferenceId === packageRef)?.kg ?? 0 };
  const bytes = format === 'ZPL' ? labelZpl(content) : labelPdf(content);
  return { packageClientReferenceId: packageRef, packageDocuments: [{ type: 'LABEL', format, contents: bytes.toString('base64') }], trackingId: p.trackingId };
}
