/**
 * Shipping API v2 (Buy Shipping) over real HTTP on a pinned clock, answers checked strictly against the official
 * model (shippingV2.json): rates per carrier and service with prices and promises, services refused with the
 * model's reasons, a bad address, the purchase with x-amzn-IdempotencyKey (same key: same answer, no second label;
 * another body: refused), the PDF and ZPL label, the order shipped by the label, cancel within 24 hours only, the
 * request token's 10 minutes, and every call counted by operation.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;
const model = (d: string) => strictDefinition('shippingV2.json', d);
const rates = model('GetRatesResponse');
const purchase = model('PurchaseShipmentResponse');
const documents = model('GetShipmentDocumentsResponse');
const cancelled = model('CancelShipmentResponse');
const errors = model('ErrorList');
let clock = Date.parse('2026-12-01T08:00:00Z');
let sb: AmazonSandbox;
let token: string;
let seller: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 7, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(async () => sb.close());
beforeEach(async () => {
  sb.reset();
  clock += 24 * HOUR;
  token = await accessToken(sb.port, sb.sellers[0]!);
});

const api = (method: string, path: string, json?: unknown, headers?: Record<string, string>) => call(sb.port, { method, path, host: EU_HOST, token, json, ...(headers ? { headers } : {}) });
const shipFrom = { name: 'Lager Nord', addressLine1: 'Hafenstrasse 1', city: 'Hamburg', stateOrRegion: 'HH', postalCode: '20457', countryCode: 'DE' };
const pkg = (grams: number) => ({ packageClientReferenceId: 'P1', dimensions: { length: 30, width: 20, height: 10, unit: 'CENTIMETER' },
  weight: { value: grams, unit: 'GRAM' }, insuredValue: { value: 25, unit: 'EUR' }, items: [{ quantity: 1 }] });
const order = () => sb.generateOrders({ sellerId: seller, count: 1, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false,
  createdFrom: new Date(clock - 2 * HOUR).toISOString(), createdTo: new Date(clock - HOUR).toISOString() })[0]!;
const getRates = (orderId: string, grams = 800) => api('POST', '/shipping/v2/shipments/rates', { shipFrom, packages: [pkg(grams)], channelDetails: { channelType: 'AMAZON', amazonOrderDetails: { orderId } } });
const spec = (format = 'PDF') => ({ format, size: { width: 4, length: 6, unit: 'INCH' }, needFileJoining: false, requestedDocumentTypes: ['LABEL'] });
const buy = (body: Obj, key?: string) => api('POST', '/shipping/v2/shipments', body, key ? { 'x-amzn-IdempotencyKey': key } : undefined);
const cheapest = (r: Obj) => [...r.payload.rates].sort((a: Obj, b: Obj) => a.totalCharge.value - b.totalCharge.value)[0];

describe('Shipping v2 getRates', () => {
  it('offers each service to the destination with its price and promise, and refuses the ones the package exceeds', async () => {
    const id = order();
    const a = await getRates(id, 3_000);
    expect(a.status, a.text).toBe(200);
    expect(rates.validate(a.body), rates.explain()).toBe(true);
    const r = a.body as Obj;
    expect(r.payload.rates.length).toBeGreaterThan(2);
    for (const rate of r.payload.rates) {
      expect(rate.totalCharge.value).toBeGreaterThan(2);
      expect(Date.parse(rate.promise.deliveryWindow.end)).toBeGreaterThan(Date.parse(rate.promise.pickupWindow.end));
    }
    // A 3 kg parcel is too heavy for a 1 kg letter-parcel service: refused with the model's reason code.
    expect(r.payload.ineligibleRates.flatMap((x: Obj) => x.ineligibilityReasons.map((y: Obj) => y.code))).toContain('WEIGHT_RESTRICTIONS');
  });

  it('refuses an unknown order, a bad ship-from and a recipient address whose postal code does not fit', async () => {
    const unknown = await getRates('999-0000000-0000000');
    expect(unknown.status).toBe(400);
    expect(errors.validate(unknown.body), errors.explain()).toBe(true);
    const id = order();
    const noCity = await api('POST', '/shipping/v2/shipments/rates', { shipFrom: { ...shipFrom, city: '' }, packages: [pkg(500)], channelDetails: { channelType: 'AMAZON', amazonOrderDetails: { orderId: id } } });
    expect(noCity.status).toBe(400);
    expect((noCity.body as Obj).errors[0]).toMatchObject({ code: 'InvalidRequest', details: expect.stringContaining('shipFrom.city') });
    const o = sb.getOrder(id).order as Obj;
    sb.updateOrder(id, { set: { recipient: { ...o.recipient, deliveryAddress: { ...o.recipient.deliveryAddress, postalCode: 'XX' } } } } as never);
    const bad = await getRates(id);
    expect(bad.status).toBe(400);
    expect(errors.validate(bad.body), errors.explain()).toBe(true);
    expect((bad.body as Obj).errors[0].code).toBe('InvalidAddress');
  });
});

describe('Shipping v2 purchaseShipment, documents and cancel', () => {
  it('buys once per idempotency key, labels in PDF and ZPL, and ships the order with the tracking id', async () => {
    const id = order();
    const r = (await getRates(id)).body as Obj;
    const body = { requestToken: r.payload.requestToken, rateId: cheapest(r).rateId, requestedDocumentSpecification: spec() };
    const first = await buy(body, 'key-1');
    expect(first.status, first.text).toBe(200);
    expect(purchase.validate(first.body), purchase.explain()).toBe(true);
    const again = await buy(body, 'key-1');
    expect(again.body).toEqual(first.body);
    expect(sb.labels(id)).toHaveLength(1);
    expect((await buy({ ...body, rateId: r.payload.rates[1].rateId }, 'key-1')).status).toBe(400);
    const p = (first.body as Obj).payload;
    const pdf = Buffer.from(p.packageDocumentDetails[0].packageDocuments[0].contents, 'base64').toString('latin1');
    expect(pdf.startsWith('%PDF-1.4')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    const recipient = ((sb.getOrder(id).order as Obj).recipient.deliveryAddress as Obj).name;
    expect(pdf).toContain(p.packageDocumentDetails[0].trackingId);
    expect(pdf).toContain(String(recipient).replace(/[^\x20-\x7e]/g, '?'));
    const zpl = await api('GET', `/shipping/v2/shipments/${p.shipmentId}/documents?packageClientReferenceId=P1&format=ZPL`);
    expect(zpl.status, zpl.text).toBe(200);
    expect(documents.validate(zpl.body), documents.explain()).toBe(true);
    expect(Buffer.from((zpl.body as Obj).payload.packageDocumentDetail.packageDocuments[0].contents, 'base64').toString('utf8')).toMatch(/^\^XA[\s\S]*\^XZ$/);
    // Amazon knows the shipment by itself: the order is shipped with the label's tracking id.
    const shipped = sb.getOrder(id).order as Obj;
    expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(shipped.packages[0].trackingNumber).toBe(p.packageDocumentDetails[0].trackingId);
  });

  it('cancels within 24 hours (the order unshipped again), refuses after, and expires request tokens after 10 minutes', async () => {
    const [a, b, c] = [order(), order(), order()];
    const bought = async (id: string, key: string) => {
      const r = (await getRates(id)).body as Obj;
      return ((await buy({ requestToken: r.payload.requestToken, rateId: cheapest(r).rateId, requestedDocumentSpecification: spec() }, key)).body as Obj).payload.shipmentId as string;
    };
    const sa = await bought(a, 'a');
    const sbId = await bought(b, 'b');
    const ok = await api('PUT', `/shipping/v2/shipments/${sa}/cancel`);
    expect(ok.status, ok.text).toBe(200);
    expect(cancelled.validate(ok.body), cancelled.explain()).toBe(true);
    expect(((sb.getOrder(a).order as Obj).fulfillment as Obj).fulfillmentStatus).toBe('UNSHIPPED');
    const r = (await getRates(c)).body as Obj;
    clock += 25 * HOUR;
    token = await accessToken(sb.port, sb.sellers[0]!); // the hour-long access token expired meanwhile
    const late = await api('PUT', `/shipping/v2/shipments/${sbId}/cancel`);
    expect(late.status).toBe(400);
    expect(errors.validate(late.body), errors.explain()).toBe(true);
    expect((late.body as Obj).errors[0].message).toMatch(/void window/);
    const expired = await buy({ requestToken: r.payload.requestToken, rateId: cheapest(r).rateId, requestedDocumentSpecification: spec() }, 'c');
    expect((expired.body as Obj).errors[0].code).toBe('TOKEN_EXPIRED');
    const counted = Object.fromEntries(sb.calls().operations.map((o: Obj) => [o.operation, o.calls]));
    expect(counted).toMatchObject({ getRates: 3, purchaseShipment: 3, cancelShipment: 2 });
  });
});
