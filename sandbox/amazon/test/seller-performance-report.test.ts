/**
 * GET_V2_SELLER_PERFORMANCE_REPORT from what the sandbox's world did, on a pinned clock: merchant orders shipped on
 * time, shipped late (confirmed after their latest ship date), shipped with a tracking number no carrier issued,
 * cancelled by the seller, and one with a chargeback. The document is validated against the official schema
 * (accountHealthReport-2020-11-18.json) made strict (every object refuses unknown properties) and each rate checked.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { call } from './helpers/http-client.ts';
import { EU_HOST } from './helpers/feed-http.ts';
import { referencePath } from './helpers/reference.ts';
import { reportsApi } from './helpers/reports.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const Ajv = AjvModule.default;
const DE = 'A1PA6795UKMFR9';
const HOUR = 3_600_000;

/**
 * Every object refuses unknown properties. Two required names are not declared by the schema itself: `ahrStatus`
 * (it declares `accountHealthRatingStatus`; Amazon's example writes ahrStatus) and OrderDefectRate's
 * `fulfillmentType` (the example writes "mfn"): each required-but-undeclared name is declared here as a string, so
 * the required one is a known one and nothing else is.
 */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out: Obj = {};
  for (const [k, v] of Object.entries(node as Obj)) {
    if (k === 'examples') continue;
    out[k] = k === 'properties' || k === 'definitions' ? Object.fromEntries(Object.entries(v as Obj).map(([n, s]) => [n, strict(s)])) : strict(v);
  }
  for (const name of (out.properties && out.required) || []) out.properties[name] ??= { type: 'string' };
  if (out.type === 'object' && out.properties) out.additionalProperties = false;
  return out;
}
const schema = strict(JSON.parse(readFileSync(referencePath('sp-api-models', 'schemas', 'reports', 'accountHealthReport-2020-11-18.json'), 'utf8'))) as Obj;
delete schema.$schema;
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

let clock = Date.parse('2026-06-10T08:00:00Z');
let sb: AmazonSandbox;
let seller: string;
beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 15, seedOrders: 0, returnShare: 0, refundShare: 0, now: () => clock });
  seller = sb.sellers[0]!.sellerId;
});
afterAll(() => sb.close());

const unshipped = (n: number) => sb.generateOrders({ sellerId: seller, count: n, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: DE });
async function confirm(orderId: string, carrierCode: string, trackingNumber: string): Promise<void> {
  const order = sb.getOrder(orderId).order as Obj;
  const json = { marketplaceId: DE, packageDetail: { packageReferenceId: '1', carrierCode, trackingNumber, shipDate: new Date(clock).toISOString(),
    orderItems: order.orderItems.map((i: Obj) => ({ orderItemId: i.orderItemId, quantity: i.fulfillment?.quantityUnfulfilled ?? i.quantityOrdered })) } };
  // A fresh token: the clock jumps by days between confirmations.
  const { token } = await reportsApi(sb, 0);
  const a = await call(sb.port, { method: 'POST', path: `/orders/v0/orders/${orderId}/shipmentConfirmation`, host: EU_HOST, token, json });
  expect(a.status, a.text).toBe(204);
}

describe('the seller performance report', () => {
  it('counts late confirmations, unscanned tracking, seller cancellations and chargebacks, in the official schema', async () => {
    const onTime = unshipped(5);
    // Four on time with DHL Express numbers, one with a number no carrier issued ("123").
    for (const [i, id] of onTime.entries()) await confirm(id, 'DHL', i === 4 ? '123' : `${1234567890 + i}`);
    const late = unshipped(2);
    clock += 50 * HOUR; // past their latest ship date (48 h after creation)
    for (const [i, id] of late.entries()) await confirm(id, 'DHL', `${2234567890 + i}`);
    // Seller cancellations (an acknowledgement feed's cancel) and a chargeback.
    const [cancelled] = unshipped(1);
    const o = sb.getOrder(cancelled!).order as Obj;
    sb.addOrders(seller, [{ ...o, fulfillment: { ...o.fulfillment, fulfillmentStatus: 'CANCELLED' },
      orderItems: o.orderItems.map((i: Obj) => ({ ...i, cancellation: { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'NoInventory' } } })) }]);
    sb.refundOrder(onTime[0]!, { kind: 'chargeback' });
    clock += 5 * 24 * HOUR; // the packages delivered

    const api = await reportsApi(sb, 0);
    const created = await api.api('POST', '/reports', { reportType: 'GET_V2_SELLER_PERFORMANCE_REPORT', marketplaceIds: [DE] });
    expect(created.status, created.text).toBe(202);
    clock += 121_000;
    const report = await api.get((created.body as Obj).reportId);
    expect(report.processingStatus).toBe('DONE');
    const { doc, text } = await api.download(report.reportDocumentId!);
    expect(doc.compressionAlgorithm).toBe('GZIP');
    const body = JSON.parse(text) as Obj;
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);

    const m = body.performanceMetrics[0] as Obj;
    expect(m.marketplaceId).toBe(DE);
    expect(m.lateShipmentRate).toMatchObject({ orderCount: 7, lateShipmentCount: 2, rate: Math.round((2 / 7) * 1e6) / 1e6, status: 'BAD', targetValue: 0.04, targetCondition: 'LESS_THAN' });
    expect(m.validTrackingRate).toMatchObject({ shipmentCount: 7, validTrackingCount: 6, status: 'BAD', targetValue: 0.95, targetCondition: 'GREATER_THAN' });
    // The late ones were also delivered after their deliver-by date when the carrier took 4 days or more: at most 2.
    expect(m.onTimeDeliveryRate.shipmentCountWithValidTracking).toBe(6);
    expect(m.onTimeDeliveryRate.onTimeDeliveryCount).toBeGreaterThanOrEqual(4);
    expect(m.preFulfillmentCancellationRate).toMatchObject({ cancellationCount: 1, status: 'BAD' });
    expect(m.orderDefectRate.mfn).toMatchObject({ orderCount: 8, chargebacks: { count: 1 }, claims: { count: 0 }, orderWithDefects: { count: 1 }, rate: 0.125, status: 'BAD' });
    expect(m.orderDefectRate.mfn.reportingDateRange.reportingDateTo).toBe('2026-06-17T23:59Z');
    expect(body.accountStatuses).toEqual([{ marketplaceId: DE, status: 'AT_RISK' }]);
  });

  it("counts the world's own shipments (its carriers' numbers) as valid tracking", async () => {
    const GB = 'A1F83G8C2ARO7P';
    sb.generateOrders({ sellerId: seller, count: 12, fulfilledBy: 'MERCHANT', status: 'SHIPPED', marketplaceId: GB });
    const api = await reportsApi(sb, 0);
    const created = await api.api('POST', '/reports', { reportType: 'GET_V2_SELLER_PERFORMANCE_REPORT', marketplaceIds: [GB] });
    expect(created.status, created.text).toBe(202);
    clock += 121_000;
    const body = JSON.parse((await api.download((await api.get((created.body as Obj).reportId)).reportDocumentId!)).text) as Obj;
    expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
    const vt = body.performanceMetrics[0].validTrackingRate as Obj;
    expect(vt.shipmentCount).toBeGreaterThan(0);
    expect(vt.validTrackingCount).toBe(vt.shipmentCount);
  });
});
