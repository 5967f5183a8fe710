import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncError } from '../core/errors.ts';
import { SpApiCaller } from './call.ts';
import { OrdersApi, type SearchOrdersPage } from './orders-api.ts';
import { parseOrder } from './parse-order.ts';
import type { SearchOrdersParams } from './search-orders-params.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { modelExamples } from './testing/reference.ts';
import { SpApiTransport } from './transport.ts';

const NOW = new Date('2026-03-01T12:00:00Z');
const sweep: SearchOrdersParams = {
  lastUpdatedAfter: '2026-03-01T10:00:00Z',
  lastUpdatedBefore: '2026-03-01T11:58:00Z',
  marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH'],
  fulfilledBy: ['MERCHANT'],
  includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'],
  maxResultsPerPage: 2,
};
const [examplePage] = modelExamples('searchOrders', '200') as Array<{ orders: Array<{ orderId: string }> }>;
const [exampleOrder] = modelExamples('getOrder', '200') as Array<{ order: { orderId: string } }>;

describe('OrdersApi (v2026-01-01) through the real client', () => {
  let fake: FakeAmazon;
  let gate: MemoryQuotaGate;
  let transport: SpApiTransport;
  let api: OrdersApi;

  beforeEach(async () => {
    fake = await FakeAmazon.start();
    gate = new MemoryQuotaGate();
    transport = new SpApiTransport({
      region: 'eu',
      credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' },
      endpoint: { host: '127.0.0.1', port: fake.port },
    });
    api = new OrdersApi(new SpApiCaller({ transport, gate, sellerKey: 'b1', retry: { baseDelayMs: 1, maxDelayMs: 2 } }), { now: () => NOW });
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  const failure = (p: Promise<unknown>) => p.then(() => expect.unreachable('should fail'), (e: unknown) => e as SyncError);

  it('sends the search parameters exactly as SP-API expects them', async () => {
    fake.reply = () => ({ status: 200, body: { orders: [], lastUpdatedBefore: '2026-03-01T11:58:00Z' } });
    const page = await api.searchOrders({ ...sweep, fulfillmentStatuses: ['UNSHIPPED', 'PARTIALLY_SHIPPED'] });

    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ host: 'sellingpartnerapi-eu.amazon.com', method: 'GET', path: '/orders/2026-01-01/orders' });
    // Arrays arrive comma-joined, dates intact, nothing else added.
    expect(fake.requests[0]?.query).toEqual({
      lastUpdatedAfter: '2026-03-01T10:00:00Z',
      lastUpdatedBefore: '2026-03-01T11:58:00Z',
      marketplaceIds: 'A1PA6795UKMFR9,A13V1IB3VIYZZH',
      fulfilledBy: 'MERCHANT',
      fulfillmentStatuses: 'UNSHIPPED,PARTIALLY_SHIPPED',
      includedData: 'BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PROMOTION,TAX',
      maxResultsPerPage: '2',
    });
    expect(page).toEqual({ orders: [], lastUpdatedBefore: '2026-03-01T11:58:00Z', requestId: 'req-1' });
    expect(gate.of('acquire').map((c) => [c.operation, c.plan])).toEqual([['searchOrders', { rate: 0.0056, burst: 20 }]]);
  });

  it('follows nextToken page by page, repeating the other parameters', async () => {
    const orders = examplePage!.orders;
    fake.reply = (req) => {
      if (!req.query.paginationToken) return { status: 200, body: { orders: [orders[0]], pagination: { nextToken: 'tok/1+=' } } };
      if (req.query.paginationToken === 'tok/1+=') return { status: 200, body: { orders: [orders[0]], pagination: { nextToken: 'tok-2' } } };
      return { status: 200, body: { orders: [orders[0]], lastUpdatedBefore: '2026-03-01T11:58:00Z' } };
    };
    const pages: SearchOrdersPage[] = [];
    for await (const page of api.iterateSearchOrders(sweep)) pages.push(page);

    expect(pages.map((p) => p.nextToken)).toEqual(['tok/1+=', 'tok-2', undefined]);
    expect(pages.map((p) => p.orders.length)).toEqual([1, 1, 1]);
    expect(fake.requests.map((r) => r.query.paginationToken)).toEqual([undefined, 'tok/1+=', 'tok-2']);
    const { paginationToken: _t, ...rest } = fake.requests[2]!.query;
    expect(rest).toEqual(fake.requests[0]!.query);
    expect(gate.of('acquire')).toHaveLength(3);
  });

  it('stops a pagination that returns the same token again', async () => {
    fake.reply = () => ({ status: 200, body: { orders: [], pagination: { nextToken: 'same' } } });
    const pages: SearchOrdersPage[] = [];
    const err = await failure((async () => {
      for await (const page of api.iterateSearchOrders(sweep)) pages.push(page);
    })());
    expect(err.code).toBe('AMAZON_BAD_PAYLOAD');
    expect(fake.requests).toHaveLength(2);
  });

  it('hands a malformed order back raw, so only that order fails parseOrder and the page goes on', async () => {
    const good = examplePage!.orders[0]!;
    const bad = { ...good, orderId: '999-0000000-0000000', createdTime: 42 };
    fake.reply = () => ({ status: 200, body: { orders: [good, bad] } });
    const page = await api.searchOrders(sweep);
    const parsed = page.orders.map(parseOrder);
    expect(parsed.map((p) => p.ok)).toEqual([true, false]);
    expect(parsed[1]).toMatchObject({ ok: false, error: { code: 'ORDER_MALFORMED', orderId: '999-0000000-0000000' } });
  });

  it('rejects an answer whose envelope cannot be trusted as AMAZON_BAD_PAYLOAD', async () => {
    fake.reply = () => ({ status: 200, body: { pagination: { nextToken: 'x' } } });
    const noOrders = await failure(api.searchOrders(sweep));
    expect(noOrders.code).toBe('AMAZON_BAD_PAYLOAD');
    expect(noOrders.details).toMatchObject({ operation: 'searchOrders', requestId: 'req-1' });
    expect(noOrders.details.problems).toEqual(expect.arrayContaining([expect.stringContaining('orders')]));

    fake.reply = () => ({ status: 200, body: { orders: [], pagination: { nextToken: 17 } } });
    expect((await failure(api.searchOrders(sweep))).code).toBe('AMAZON_BAD_PAYLOAD');
  });

  it('refuses bad parameters before spending any quota', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ marketplaceIds: ['A1PA6795UKMFR9'] }, 'exactly one of createdAfter and lastUpdatedAfter'],
      [{ ...sweep, createdAfter: '2026-03-01T10:00:00Z' }, 'exactly one of createdAfter and lastUpdatedAfter'],
      [{ createdAfter: '2026-03-01T10:00:00Z', lastUpdatedBefore: '2026-03-01T11:00:00Z', marketplaceIds: ['X'] }, 'lastUpdatedBefore cannot be combined'],
      [{ ...sweep, lastUpdatedBefore: '2026-03-01T11:59:00Z' }, 'at least two minutes ago'],
      [{ ...sweep, lastUpdatedBefore: '2026-03-01T09:00:00Z' }, 'earlier than lastUpdatedAfter'],
      [{ ...sweep, maxResultsPerPage: 101 }, '/maxResultsPerPage'],
      [{ ...sweep, marketplaceIds: [] }, '/marketplaceIds'],
      [{ ...sweep, includedData: ['BUYERS'] }, '/includedData/0'],
      [{ ...sweep, lastUpdatedAfter: 'yesterday' }, '/lastUpdatedAfter'],
      [{ ...sweep, createdafter: '2026-03-01T10:00:00Z' }, 'createdafter'],
    ];
    for (const [params, expected] of cases) {
      const err = await failure(api.searchOrders(params as SearchOrdersParams));
      expect(err.code).toBe('AMAZON_INVALID_REQUEST');
      expect(JSON.stringify(err.details.problems)).toContain(expected);
    }
    expect(fake.requests).toHaveLength(0);
    expect(gate.calls).toHaveLength(0);
  });

  it('gets one order with its datasets inline, and answers 404 with AMAZON_NOT_FOUND', async () => {
    const id = exampleOrder!.order.orderId;
    fake.reply = (req) =>
      req.path.endsWith(`/${id}`)
        ? { status: 200, body: exampleOrder }
        : { status: 404, body: { errors: [{ code: 'NotFound', message: 'The requested order was not found.' }] } };
    const { order } = await api.getOrder(id, ['BUYER', 'RECIPIENT', 'PROCEEDS']);
    expect(fake.requests[0]).toMatchObject({ path: `/orders/2026-01-01/orders/${id}`, query: { includedData: 'BUYER,RECIPIENT,PROCEEDS' } });
    const parsed = parseOrder(order);
    expect(parsed.ok && parsed.order.orderId).toBe(id);
    expect(gate.of('acquire')[0]?.operation).toBe('getOrder');

    const missing = await failure(api.getOrder('111-0000000-0000000'));
    expect(missing.code).toBe('AMAZON_NOT_FOUND');
    expect(fake.requests[1]?.query).toEqual({});
  });

  it('rejects a getOrder answer without an order object', async () => {
    fake.reply = () => ({ status: 200, body: { order: null } });
    expect((await failure(api.getOrder('028-1234567-8901234'))).code).toBe('AMAZON_BAD_PAYLOAD');
    expect((await failure(api.getOrder(' '))).code).toBe('AMAZON_INVALID_REQUEST');
  });
});
