/**
 * The SP-API adapter against the Amazon sandbox over real HTTP: the real amazon-sp-api client reaches the sandbox
 * through the endpoint override (Amazon's host names, plain HTTP to a loopback port), LWA included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchOrdersPage } from '../connector/src/amazon/orders-api.ts';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { IncludedData, SearchOrdersParams } from '../connector/src/amazon/search-orders-params.ts';
import { MemoryQuotaGate } from '../connector/src/amazon/testing/memory-quota-gate.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { amazonAdapterFor, legacySellers, startAmazon } from './support/amazon.ts';
import { sumDecimals } from './support/money.ts';

const INCLUDED: IncludedData[] = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'];
const HOUR = 3_600_000;
const SEEDED = 300;

let sandbox: AmazonSandbox;
const searchStart = new Date(Date.now() - 8 * HOUR).toISOString();

beforeAll(async () => {
  // The mix before issue 8 (every order priced, 3 % FBA), which the checks below assume.
  sandbox = await startAmazon({ seed: 7, seedOrders: SEEDED, sellers: legacySellers() });
});
afterAll(async () => {
  await sandbox?.close();
});

async function allPages(pages: AsyncIterable<SearchOrdersPage>): Promise<SearchOrdersPage[]> {
  const out: SearchOrdersPage[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function sweepParams(marketplaceIds: string[], fulfilledBy: 'MERCHANT' | 'AMAZON'): SearchOrdersParams {
  return { lastUpdatedAfter: searchStart, marketplaceIds, fulfilledBy: [fulfilledBy], includedData: INCLUDED, maxResultsPerPage: 50 };
}

describe('SP-API adapter vs the Amazon sandbox: the sweep', () => {
  it('gets an LWA token and pages searchOrders over every EU marketplace to the end, each order valid', async () => {
    const gate = new MemoryQuotaGate();
    const { adapter, seller } = amazonAdapterFor(sandbox, 0, gate);
    try {
      expect(seller.sellerId).toBe('A2EUSANDBOX001');
      const pages = await allPages(adapter.orders.iterateSearchOrders(sweepParams(seller.marketplaceIds, 'MERCHANT')));
      const orders = pages.flatMap((p) => p.orders);
      const parsed = orders.map((o) => parseOrder(o));
      expect(parsed.filter((p) => !p.ok)).toEqual([]);
      const valid = parsed.flatMap((p) => (p.ok ? [p.order] : []));

      // Paging: full pages of 50 up to the last one, which alone has no token; no order twice.
      expect(pages.length).toBe(Math.ceil(orders.length / 50));
      expect(pages.slice(0, -1).map((p) => [p.orders.length, Boolean(p.nextToken)])).toEqual(pages.slice(0, -1).map(() => [50, true]));
      expect(pages.at(-1)?.nextToken).toBeUndefined();
      expect(new Set(valid.map((o) => o.orderId)).size).toBe(orders.length);
      expect(pages.every((p) => p.lastUpdatedBefore === pages[0]?.lastUpdatedBefore && Date.parse(p.lastUpdatedBefore!) < Date.now() - 110_000)).toBe(true);

      // What was asked for is what came: the seller's marketplaces (several), merchant orders, the datasets.
      expect(valid.every((o) => seller.marketplaceIds.includes(o.salesChannel.marketplaceId ?? ''))).toBe(true);
      expect(new Set(valid.map((o) => o.salesChannel.marketplaceId)).size).toBeGreaterThanOrEqual(4);
      expect(valid.every((o) => o.fulfillment?.fulfilledBy === 'MERCHANT')).toBe(true);
      expect(valid.every((o) => /@marketplace\.amazon\.[a-z.]+$/.test(o.buyer?.buyerEmail ?? ''))).toBe(true);
      expect(valid.every((o) => (o.recipient?.deliveryAddress?.countryCode ?? '').length === 2)).toBe(true);
      expect(valid.every((o) => o.orderItems.every((i) => i.tax !== undefined || i.proceeds !== undefined))).toBe(true);
      expect(valid.some((o) => o.orderItems.some((i) => (i.promotion?.breakdowns?.length ?? 0) > 0))).toBe(true);
      // Money adds up, in decimal strings: the order's grand total is the sum of its items' totals.
      for (const o of valid) expect(o.proceeds?.grandTotal?.amount).toBe(itemsTotal(o));

      // Merchant + Amazon-fulfilled orders are all the seeded ones of this seller.
      const fba = (await allPages(adapter.orders.iterateSearchOrders(sweepParams(seller.marketplaceIds, 'AMAZON')))).flatMap((p) => p.orders);
      expect(fba.length).toBeGreaterThan(0);
      expect(orders.length + fba.length).toBe(SEEDED);

      // One LWA exchange for the whole sweep; a quota token before every request; no 429.
      const calls = sandbox.calls();
      expect(calls.operations.find((c) => c.operation === 'lwa.token')?.calls).toBe(1);
      const search = calls.operations.find((c) => c.operation === 'searchOrders' && c.sellerId === seller.sellerId);
      const requests = pages.length + Math.ceil(fba.length / 50);
      expect(search).toMatchObject({ calls: requests, throttled: 0, byStatus: { 200: requests } });
      expect(gate.of('acquire').map((c) => `${c.sellerKey}/${c.operation}`)).toEqual(Array(requests).fill(`${seller.sellerId}/searchOrders`));
    } finally {
      adapter.close();
    }
  });

  it('serves the NA seller on its own region: sales tax withheld by Amazon on every item; a foreign marketplace is refused', async () => {
    const { adapter, seller } = amazonAdapterFor(sandbox, 1, new MemoryQuotaGate());
    try {
      expect(seller.region).toBe('na');
      const orders = (await allPages(adapter.orders.iterateSearchOrders(sweepParams(seller.marketplaceIds, 'MERCHANT')))).flatMap((p) => p.orders);
      const parsed = orders.map((o) => parseOrder(o));
      expect(parsed.filter((p) => !p.ok)).toEqual([]);
      const valid = parsed.flatMap((p) => (p.ok ? [p.order] : []));
      expect(new Set(valid.map((o) => o.salesChannel.marketplaceId))).toEqual(new Set(seller.marketplaceIds));
      expect(valid.every((o) => o.orderItems.every((i) => i.tax?.taxCollections?.[0]?.model === 'MARKETPLACE_FACILITATOR'))).toBe(true);
      await expect(adapter.orders.searchOrders({ ...sweepParams(['A1PA6795UKMFR9'], 'MERCHANT') })).rejects.toMatchObject({
        kind: 'permanent', code: 'AMAZON_INVALID_REQUEST', details: { status: 400, amazonCode: 'InvalidInput' },
      });
    } finally {
      adapter.close();
    }
  });

  it('getOrder answers the same order the search gave, with the same datasets', async () => {
    const gate = new MemoryQuotaGate();
    const { adapter, seller } = amazonAdapterFor(sandbox, 0, gate);
    try {
      const page = await adapter.orders.searchOrders({ ...sweepParams(seller.marketplaceIds, 'MERCHANT'), maxResultsPerPage: 3 });
      const fromSearch = page.orders[2] as Order;
      const { order } = await adapter.orders.getOrder(fromSearch.orderId, INCLUDED);
      const parsed = parseOrder(order);
      expect(parsed.ok).toBe(true);
      expect(order).toEqual(fromSearch);
      await expect(adapter.orders.getOrder('999-0000000-0000000')).rejects.toMatchObject({ kind: 'permanent', code: 'AMAZON_NOT_FOUND' });
    } finally {
      adapter.close();
    }
  });
});

function itemsTotal(order: Order): string {
  return sumDecimals(order.orderItems.map((i) => i.proceeds?.proceedsTotal?.amount ?? 'missing'), decimalsOf(order.proceeds?.grandTotal?.amount ?? ''));
}

function decimalsOf(amount: string): number {
  return amount.includes('.') ? amount.length - amount.indexOf('.') - 1 : 0;
}
