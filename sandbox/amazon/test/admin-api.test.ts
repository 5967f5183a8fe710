import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moneyShapeOf } from '../src/config.ts';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { amountProblems } from './helpers/order-invariants.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sellingpartnerapi-eu.amazon.com';
let sb: AmazonSandbox;
let token: string;
let sellerId: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 9, seedOrders: 4 });
  sellerId = sb.sellers[0]!.sellerId;
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });
const search = (q: string) => call(sb.port, { path: `/orders/2026-01-01/orders?${q}`, host: HOST, token });

describe('admin API', () => {
  it('stores malformed orders unvalidated and serves them as they are', async () => {
    const weird = { orderId: '999-0000001-0000001', createdTime: '2025-06-01T10:00:00Z', lastUpdatedTime: '2025-06-01T10:00:00Z',
      salesChannel: { channelName: 'AMAZON', marketplaceId: 'A1PA6795UKMFR9' }, orderItems: [{ orderItemId: '1', quantityOrdered: 'two' }],
      surprise: true };
    const a = await admin('POST', '/orders', { sellerId, orders: [weird] });
    expect(a.body).toEqual({ orderIds: ['999-0000001-0000001'] });
    const got = await call(sb.port, { path: '/orders/2026-01-01/orders/999-0000001-0000001', host: HOST, token });
    expect((got.body as Obj).order).toEqual(weird);
    const noMarketplace = { orderId: '999-0000002-0000002', lastUpdatedTime: '2025-06-01T11:00:00Z', orderItems: null };
    await admin('POST', '/orders', { sellerId, orders: [noMarketplace] });
    const window = 'lastUpdatedAfter=2025-06-01T00:00:00Z&lastUpdatedBefore=2025-06-02T00:00:00Z';
    const found = ((await search(window)).body as Obj).orders;
    expect(found).toEqual([weird, noMarketplace]);
    const filtered = ((await search(`${window}&marketplaceIds=A1PA6795UKMFR9`)).body as Obj).orders;
    expect(filtered).toEqual([weird]);
    const bad = await admin('POST', '/orders', { sellerId, orders: [{ no: 'id' }] });
    expect([bad.status, (bad.body as Obj).error]).toEqual([400, 'ORDER_ID_MISSING']);
    expect((await admin('POST', '/orders', { sellerId: 'NOPE', orders: [] })).status).toBe(404);
  });

  it('generates orders on demand, visible to a sweep at once', async () => {
    const a = await admin('POST', '/orders/generate', { sellerId, count: 5, marketplaceId: 'A1F83G8C2ARO7P', status: 'UNSHIPPED' });
    const ids = (a.body as Obj).orderIds as string[];
    expect(ids).toHaveLength(5);
    const found = ((await search('lastUpdatedAfter=2020-01-01T00:00:00Z&marketplaceIds=A1F83G8C2ARO7P&includedData=PROCEEDS,TAX,FULFILLMENT')).body as Obj).orders as Obj[];
    const mine = found.filter((o) => ids.includes(o.orderId));
    expect(mine).toHaveLength(5);
    for (const o of mine) {
      expect(o.fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
      expect(o.proceeds.grandTotal.currencyCode).toBe('GBP');
      expect(amountProblems(o, moneyShapeOf(sb.sellers[0]!))).toEqual([]);
    }
    expect((await admin('POST', '/orders/generate', { count: -1 })).status).toBe(400);
  });

  it('changes an order state and bumps lastUpdatedTime; GET returns the raw order', async () => {
    const [id] = sb.generateOrders({ sellerId, count: 1, status: 'PENDING' });
    const before = (await admin('GET', `/orders/${id}`)).body as Obj;
    expect(before.sellerId).toBe(sellerId);
    const a = await admin('PATCH', `/orders/${id}`, { fulfillmentStatus: 'CANCELLED' });
    expect(a.status).toBe(200);
    const after = (await admin('GET', `/orders/${id}`)).body as Obj;
    expect(after.order.fulfillment.fulfillmentStatus).toBe('CANCELLED');
    expect(after.order.orderItems[0].cancellation.cancellationExecution.cancelledBy).toBe('BUYER');
    expect(Date.parse(after.order.lastUpdatedTime)).toBeGreaterThan(Date.parse(before.order.lastUpdatedTime));
    const at = '2025-07-01T00:00:00Z';
    await admin('PATCH', `/orders/${id}`, { fulfillmentStatus: 'SHIPPED', lastUpdatedTime: at });
    const window = ((await search(`lastUpdatedAfter=${at}&lastUpdatedBefore=${at}&includedData=FULFILLMENT,PACKAGES`)).body as Obj).orders;
    expect(window.map((o: Obj) => o.orderId)).toEqual([id]);
    expect(window[0].packages[0].packageItems[0].quantity).toBe(window[0].orderItems[0].quantityOrdered);
    expect((await admin('PATCH', '/orders/000-0000000-0000000', { fulfillmentStatus: 'SHIPPED' })).status).toBe(404);
    expect((await admin('PATCH', `/orders/${id}`, { lastUpdatedTime: 'soon' })).status).toBe(400);
  });

  it('injects faults: the next calls of an operation fail as Amazon does, then it recovers', async () => {
    expect((await admin('POST', '/faults', { operation: 'searchOrders', status: 503, count: 2 })).status).toBe(200);
    sb.injectFault({ operation: 'searchOrders', status: 500, count: 1, sellerId: 'SOMEONE-ELSE' });
    const q = 'lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=1';
    const [a, b, c] = [await search(q), await search(q), await search(q)];
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect((a.body as Obj).errors[0].code).toBe('ServiceUnavailable');
    expect((await admin('POST', '/faults', { operation: 'getOrder', status: 418, count: 1 })).status).toBe(400);
  });

  it('lists the calls received and resets to the seed state', async () => {
    const calls = (await admin('GET', '/calls')).body as Obj;
    expect(calls.totals.calls).toBeGreaterThan(0);
    expect(calls.operations.find((o: Obj) => o.operation === 'searchOrders').sellerId).toBe(sellerId);
    expect(calls.recent.at(-1)).toMatchObject({ operation: expect.any(String), status: expect.any(Number), throttled: false });
    const seeded = (await search('lastUpdatedAfter=2020-01-01T00:00:00Z')).body as Obj;
    await admin('POST', '/reset');
    const again = (await search('lastUpdatedAfter=2020-01-01T00:00:00Z')).body as Obj;
    expect(again.orders).toHaveLength(4);
    expect(seeded.orders.map((o: Obj) => o.orderId)).toEqual(expect.arrayContaining(again.orders.map((o: Obj) => o.orderId)));
    expect(((await admin('GET', '/calls')).body as Obj).totals.calls).toBe(1);
  });
});
