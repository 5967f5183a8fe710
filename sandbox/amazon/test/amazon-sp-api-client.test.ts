import { SellingPartner } from 'amazon-sp-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { LoopbackAgent } from './helpers/loopback-agent.ts';
import { modelValidators } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface Raw { statusCode: number; headers: Record<string, string>; body: string }

const v = modelValidators();
let sb: AmazonSandbox;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 3, seedOrders: 30, timeScale: 50 });
});
afterAll(() => sb.close());

function client(sellerIndex: number, useSandbox = false): SellingPartner {
  const s = sb.sellers[sellerIndex]!;
  return new SellingPartner({
    region: s.region,
    refresh_token: s.refreshToken,
    credentials: { SELLING_PARTNER_APP_CLIENT_ID: s.clientId, SELLING_PARTNER_APP_CLIENT_SECRET: s.clientSecret },
    options: {
      https_proxy_agent: new LoopbackAgent(sb.port),
      auto_request_throttled: false,
      retry_remote_timeout: false,
      use_sandbox: useSandbox,
      timeouts: { response: 5000, idle: 5000, deadline: 10_000 },
    },
  } as never);
}

describe('the real amazon-sp-api client through a loopback agent', () => {
  it('gets an LWA token, pages searchOrders with comma-separated arrays and reads getOrder (v2026-01-01)', async () => {
    const sp = client(0);
    const seen: Obj[] = [];
    let nextToken: string | undefined;
    do {
      const res = (await sp.callAPI({
        operation: 'searchOrders',
        endpoint: 'orders',
        query: {
          lastUpdatedAfter: '2020-01-01T00:00:00Z',
          marketplaceIds: ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1F83G8C2ARO7P', 'A1C3SOZRARQ6R3', 'A2NODRKZP88ZB9'],
          includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'],
          maxResultsPerPage: 7,
          ...(nextToken ? { paginationToken: nextToken } : {}),
        },
        options: { version: '2026-01-01', raw_result: true },
      } as never)) as Raw;
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-amzn-ratelimit-limit']).toBe('0.28');
      const body = JSON.parse(res.body) as Obj;
      expect(v.searchOrders(body), v.explain(v.searchOrders)).toBe(true);
      seen.push(...body.orders);
      nextToken = body.pagination?.nextToken;
    } while (nextToken);
    expect(new Set(seen.map((o) => o.orderId)).size).toBe(30);

    const one = (await sp.callAPI({
      operation: 'getOrder', endpoint: 'orders', path: { orderId: seen[0]!.orderId }, query: { includedData: ['BUYER', 'PROCEEDS'] },
      options: { version: '2026-01-01', raw_result: true },
    } as never)) as Raw;
    expect(one.statusCode).toBe(200);
    const order = (JSON.parse(one.body) as Obj).order;
    expect(v.getOrder({ order })).toBe(true);
    expect(order.orderId).toBe(seen[0]!.orderId);
    expect(order.buyer.buyerName).toBe(seen[0]!.buyer.buyerName);

    const calls = sb.calls();
    expect(calls.operations.find((o) => o.operation === 'lwa.token')?.calls).toBe(1);
    expect(calls.operations.find((o) => o.operation === 'getOrder')?.byStatus).toEqual({ 200: 1 });
  });

  it('refreshes an expired access token by itself, as it does with Amazon', async () => {
    const sp = client(1);
    const ask = () => sp.callAPI({ operation: 'searchOrders', endpoint: 'orders',
      query: { lastUpdatedAfter: '2020-01-01T00:00:00Z' }, options: { version: '2026-01-01' } } as never) as Promise<Obj>;
    expect((await ask()).orders.length).toBe(30);
    sb.expireAccessTokens();
    expect((await ask()).orders.length).toBe(30);
  });

  it("reaches Amazon's static sandbox examples with use_sandbox", async () => {
    const sp = client(0, true);
    const res = (await sp.callAPI({
      operation: 'getOrder', endpoint: 'orders', path: { orderId: '028-1234567-8901234' },
      query: { includedData: ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'TAX'] },
      options: { version: '2026-01-01', raw_result: true },
    } as never)) as Raw;
    expect(res.statusCode).toBe(200);
    expect((JSON.parse(res.body) as Obj).order.orderId).toBe('028-1234567-8901234');
  });

  it('confirms a shipment (Orders v0, 204) and reads FBA inventory summaries with the client\'s own encodings', async () => {
    const sp = client(0);
    const [id] = sb.generateOrders({ sellerId: sb.sellers[0]!.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED',
      marketplaceId: 'A1PA6795UKMFR9' });
    const order = sb.getOrder(id!).order as Obj;
    const confirmed = (await sp.callAPI({
      operation: 'confirmShipment', endpoint: 'orders', path: { orderId: id },
      body: { marketplaceId: 'A1PA6795UKMFR9', packageDetail: { packageReferenceId: '1', carrierCode: 'DHL',
        trackingNumber: '003404341234567890', shipDate: new Date(Date.now() - 60_000).toISOString(),
        orderItems: order.orderItems.map((it: Obj) => ({ orderItemId: it.orderItemId, quantity: it.fulfillment.quantityUnfulfilled })) } },
      options: { version: 'v0', raw_result: true },
    } as never)) as Raw;
    expect(confirmed.statusCode, confirmed.body).toBe(204);
    expect((sb.getOrder(id!).order as Obj).fulfillment.fulfillmentStatus).toBe('SHIPPED');

    const res = (await sp.callAPI({
      operation: 'getInventorySummaries', endpoint: 'fbaInventory',
      query: { granularityType: 'Marketplace', granularityId: 'A13V1IB3VIYZZH', marketplaceIds: ['A13V1IB3VIYZZH'], details: true,
        sellerSkus: ['MUG-CER-BLUE-FBA', 'MUG-CER-BLUE'] },
      options: { raw_result: true },
    } as never)) as Raw;
    expect(res.statusCode, res.body).toBe(200);
    const summaries = (JSON.parse(res.body) as Obj).payload.inventorySummaries as Obj[];
    expect(summaries.map((x) => x.sellerSku)).toEqual(['MUG-CER-BLUE', 'MUG-CER-BLUE-FBA']);
    expect(summaries[1]!.inventoryDetails.fulfillableQuantity).toBeGreaterThan(0);
  });
});

