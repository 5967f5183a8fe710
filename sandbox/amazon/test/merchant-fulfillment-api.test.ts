/**
 * Merchant Fulfillment v0 over real HTTP on a pinned clock, answers checked strictly against the official model
 * (merchantFulfillmentV0.json): eligible services per carrier with prices and delivery dates, a refused service with
 * its reason, a bad request and a bad address, createShipment buying a label (gzip + Base64 PDF with its MD5) that
 * ships the order, getShipment by id, cancelShipment within 24 hours only; Shipping v2 refuses a marketplace set
 * as unserved while v0 serves it.
 */
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;
const model = (d: string) => strictDefinition('merchantFulfillmentV0.json', d);
const eligible = model('GetEligibleShipmentServicesResponse');
const created = model('CreateShipmentResponse');
const got = model('GetShipmentResponse');
const cancelled = model('CancelShipmentResponse');
let clock = Date.parse('2026-12-01T08:00:00Z');
let sb: AmazonSandbox;
let token: string;
let seller: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 7, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock, shippingV2Unserved: [DE] });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(async () => sb.close());
beforeEach(async () => {
  sb.reset();
  clock += 24 * HOUR;
  token = await accessToken(sb.port, sb.sellers[0]!);
});

const api = (method: string, path: string, json?: unknown) => call(sb.port, { method, path, host: EU_HOST, token, json });
const order = () => sb.generateOrders({ sellerId: seller, count: 1, status: 'UNSHIPPED', marketplaceId: DE, fulfilledBy: 'MERCHANT', business: false,
  createdFrom: new Date(clock - 2 * HOUR).toISOString(), createdTo: new Date(clock - HOUR).toISOString() })[0]!;
const details = (id: string, grams = 800) => ({
  AmazonOrderId: id,
  ItemList: ((sb.getOrder(id).order as Obj).orderItems as Obj[]).map((i) => ({ OrderItemId: i.orderItemId, Quantity: i.quantityOrdered })),
  ShipFromAddress: { Name: 'Lager Nord', AddressLine1: 'Hafenstrasse 1', City: 'Hamburg', PostalCode: '20457', CountryCode: 'DE', Email: 'lager@example.com', Phone: '+49 40 123456' },
  PackageDimensions: { Length: 30, Width: 20, Height: 10, Unit: 'centimeters' },
  Weight: { Value: grams, Unit: 'g' },
  ShippingServiceOptions: { DeliveryExperience: 'DeliveryConfirmationWithoutSignature', CarrierWillPickUp: false, LabelFormat: 'PDF' },
});
const services = (id: string, grams = 800) => api('POST', '/mfn/v0/eligibleShippingServices', { ShipmentRequestDetails: details(id, grams) });
const cheapest = (r: Obj) => [...r.payload.ShippingServiceList].sort((a: Obj, b: Obj) => a.Rate.Amount - b.Rate.Amount)[0];

describe('Merchant Fulfillment v0', () => {
  it('offers each carrier service with price and dates, and rejects those the package exceeds', async () => {
    const id = order();
    const a = await services(id, 3_000);
    expect(a.status, a.text).toBe(200);
    expect(eligible.validate(a.body), eligible.explain()).toBe(true);
    const list = (a.body as Obj).payload.ShippingServiceList as Obj[];
    expect(list.length).toBeGreaterThan(2);
    for (const s of list) {
      expect(s.Rate.Amount).toBeGreaterThan(2);
      expect(Date.parse(s.LatestEstimatedDeliveryDate)).toBeGreaterThan(Date.parse(s.ShipDate));
    }
    expect((a.body as Obj).payload.RejectedShippingServiceList.map((x: Obj) => x.RejectionReasonCode)).toContain('WEIGHT_RESTRICTIONS');
  });

  it('refuses a bad request, an item of another order and a ship-to whose postal code does not fit', async () => {
    const id = order();
    const noEmail = await api('POST', '/mfn/v0/eligibleShippingServices', { ShipmentRequestDetails: { ...details(id), ShipFromAddress: { ...details(id).ShipFromAddress, Email: '' } } });
    expect(noEmail.status).toBe(400);
    expect((noEmail.body as Obj).errors[0]).toMatchObject({ code: 'InvalidInput', details: expect.stringContaining('Email') });
    const stranger = await api('POST', '/mfn/v0/eligibleShippingServices', { ShipmentRequestDetails: { ...details(id), ItemList: [{ OrderItemId: '99999999999999', Quantity: 1 }] } });
    expect(stranger.status).toBe(400);
    const o = sb.getOrder(id).order as Obj;
    sb.updateOrder(id, { set: { recipient: { ...o.recipient, deliveryAddress: { ...o.recipient.deliveryAddress, postalCode: 'XX' } } } } as never);
    const bad = await services(id);
    expect(bad.status).toBe(400);
    expect((bad.body as Obj).errors[0].code).toBe('InvalidAddress');
  });

  it('buys a label that ships the order, reads it by id, and cancels it within 24 hours only', async () => {
    const id = order();
    const offer = cheapest((await services(id)).body as Obj);
    const buy = await api('POST', '/mfn/v0/shipments', { ShipmentRequestDetails: details(id), ShippingServiceId: offer.ShippingServiceId, ShippingServiceOfferId: offer.ShippingServiceOfferId });
    expect(buy.status, buy.text).toBe(200);
    expect(created.validate(buy.body), created.explain()).toBe(true);
    const s = (buy.body as Obj).payload;
    expect(s.Status).toBe('Purchased');
    const pdf = gunzipSync(Buffer.from(s.Label.FileContents.Contents, 'base64'));
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(s.Label.FileContents.Checksum).toBe(createHash('md5').update(pdf).digest('base64'));
    expect(pdf.toString('latin1')).toContain(s.TrackingId);
    expect(((sb.getOrder(id).order as Obj).packages as Obj[]).map((p) => p.trackingNumber)).toEqual([s.TrackingId]);
    expect(sb.labels(id)).toHaveLength(1);
    // No idempotency key in v0: a second call buys a second label (the connector must never send one blindly).
    const again = await services(id);
    expect(again.status).toBe(400); // the order is shipped now: nothing more to buy
    const read = await api('GET', `/mfn/v0/shipments/${s.ShipmentId}`);
    expect(read.status).toBe(200);
    expect(got.validate(read.body), got.explain()).toBe(true);
    expect((read.body as Obj).payload.TrackingId).toBe(s.TrackingId);
    clock += 1_500; // getShipment's plan: 1 a second, burst 1
    expect((await api('GET', '/mfn/v0/shipments/MFNNOPE')).status).toBe(404);
    const cancel = await api('DELETE', `/mfn/v0/shipments/${s.ShipmentId}`);
    expect(cancel.status).toBe(200);
    expect(cancelled.validate(cancel.body), cancelled.explain()).toBe(true);
    expect((cancel.body as Obj).payload.Status).toBe('RefundPending');
    expect((cancel.body as Obj).payload.Label.FileContents.Contents).toBe('');
    expect((sb.getOrder(id).order as Obj).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    // A new label, voided too late.
    const offer2 = cheapest((await services(id)).body as Obj);
    const buy2 = await api('POST', '/mfn/v0/shipments', { ShipmentRequestDetails: details(id), ShippingServiceId: offer2.ShippingServiceId, ShippingServiceOfferId: offer2.ShippingServiceOfferId });
    clock += 25 * HOUR;
    token = await accessToken(sb.port, sb.sellers[0]!);
    const late = await api('DELETE', `/mfn/v0/shipments/${(buy2.body as Obj).payload.ShipmentId}`);
    expect(late.status).toBe(400);
    expect((late.body as Obj).errors[0].message).toMatch(/void window/);
  });

  it('refuses an offer of another service, and Shipping v2 refuses the marketplace it does not serve', async () => {
    const id = order();
    const list = ((await services(id)).body as Obj).payload.ShippingServiceList as Obj[];
    const wrong = await api('POST', '/mfn/v0/shipments', { ShipmentRequestDetails: details(id), ShippingServiceId: list[1]!.ShippingServiceId, ShippingServiceOfferId: list[0]!.ShippingServiceOfferId });
    expect(wrong.status).toBe(400);
    const v2 = await api('POST', '/shipping/v2/shipments/rates', { shipFrom: { name: 'Lager Nord', addressLine1: 'Hafenstrasse 1', city: 'Hamburg', stateOrRegion: 'HH', postalCode: '20457', countryCode: 'DE' },
      packages: [{ packageClientReferenceId: 'P1', dimensions: { length: 30, width: 20, height: 10, unit: 'CENTIMETER' }, weight: { value: 800, unit: 'GRAM' }, insuredValue: { value: 25, unit: 'EUR' }, items: [{ quantity: 1 }] }],
      channelDetails: { channelType: 'AMAZON', amazonOrderDetails: { orderId: id } } });
    expect(v2.status).toBe(400);
    expect((v2.body as Obj).errors[0].code).toBe('UnsupportedMarketplace');
    expect(sb.labels(id)).toHaveLength(0);
  });
});
