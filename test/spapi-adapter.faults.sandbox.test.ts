/**
 * The SP-API adapter when Amazon pushes back, against the Amazon sandbox over real HTTP: a burst that runs out
 * (real 429s, absorbed by the retries, the rate announced on admitted calls passed to the quota gate), injected 503s, and a malformed
 * order that fails alone while the rest of its page passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import type { IncludedData } from '../connector/src/amazon/search-orders-params.ts';
import { MemoryQuotaGate } from '../connector/src/amazon/testing/memory-quota-gate.ts';
import type { AmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { amazonAdapterFor, amazonAdmin, startAmazon } from './support/amazon.ts';

const INCLUDED: IncludedData[] = ['BUYER', 'RECIPIENT', 'PROCEEDS', 'FULFILLMENT', 'PROMOTION', 'TAX'];
const HOUR = 3_600_000;
const EU_SELLER = 0;

describe('SP-API adapter vs the Amazon sandbox: a small burst runs out', () => {
  let sandbox: AmazonSandbox;
  // searchOrders refills 2 tokens a second (0.5/s scaled x4) from a bucket of 2: the third quick page is refused.
  beforeAll(async () => {
    sandbox = await startAmazon({ seed: 11, seedOrders: 200, usagePlans: { searchOrders: { rate: 0.5, burst: 2 } }, timeScale: 4 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('absorbs the 429s with retries, pauses the bucket and tells the gate the announced rate', async () => {
    const gate = new MemoryQuotaGate();
    // More attempts than the default 5, so the test does not depend on the jitter's luck; the default waits stay.
    const { adapter, seller } = amazonAdapterFor(sandbox, EU_SELLER, gate, { retry: { maxAttempts: 8 } });
    try {
      const params = { lastUpdatedAfter: new Date(Date.now() - 8 * HOUR).toISOString(), marketplaceIds: seller.marketplaceIds, includedData: INCLUDED, maxResultsPerPage: 40 };
      const orders: unknown[] = [];
      let pages = 0;
      for await (const page of adapter.orders.iterateSearchOrders(params)) {
        pages += 1;
        orders.push(...page.orders);
      }
      // No fulfilledBy filter: every one of the 200 seeded orders of the seller, each exactly once.
      expect(orders.length).toBe(200);
      expect(new Set(orders.map((o) => (o as { orderId: string }).orderId)).size).toBe(200);
      expect(pages).toBe(5);

      const search = sandbox.calls().operations.find((c) => c.operation === 'searchOrders' && c.sellerId === seller.sellerId);
      expect(search?.throttled).toBeGreaterThanOrEqual(1);
      expect(search?.byStatus).toEqual({ 200: pages, 429: search?.throttled });
      // Every refusal paused the shared bucket (a short backoff); every admitted answer announced the scaled rate (0.5 x 4), no 429
      // did (the model declares the header on none).
      expect(gate.of('pause')).toHaveLength(search!.throttled);
      expect(gate.of('acquire')).toHaveLength(search!.calls);
      const rates = gate.of('observeRate');
      expect(rates).toHaveLength(search!.calls - search!.throttled);
      expect(new Set(rates.map((r) => `${r.sellerKey} ${r.operation} ${r.rate}`))).toEqual(new Set([`${seller.sellerId} searchOrders 2`]));
    } finally {
      adapter.close();
    }
  });
});

describe('SP-API adapter vs the Amazon sandbox: faults and malformed orders', () => {
  let sandbox: AmazonSandbox;
  beforeAll(async () => {
    sandbox = await startAmazon({ seed: 5, seedOrders: 20 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it('retries injected 503s until the answer comes, and gives up with AMAZON_UNAVAILABLE when they last', async () => {
    const gate = new MemoryQuotaGate();
    const { adapter, seller } = amazonAdapterFor(sandbox, EU_SELLER, gate, { retry: { baseDelayMs: 20, maxDelayMs: 100 } });
    try {
      const [orderId] = sandbox.generateOrders({ sellerId: seller.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
      await amazonAdmin(sandbox, 'faults', { operation: 'getOrder', status: 503, count: 2, sellerId: seller.sellerId });
      const { order } = await adapter.orders.getOrder(orderId!, INCLUDED);
      expect(parseOrder(order)).toMatchObject({ ok: true, order: { orderId } });
      const get = () => sandbox.calls().operations.find((c) => c.operation === 'getOrder' && c.sellerId === seller.sellerId);
      expect(get()?.byStatus).toEqual({ 200: 1, 503: 2 });
      expect(gate.of('acquire')).toHaveLength(3);

      // Five 503s in a row: the capped retries stop, and the job gets a retryable error with what Amazon said.
      await amazonAdmin(sandbox, 'faults', { operation: 'getOrder', status: 503, count: 5 });
      await expect(adapter.orders.getOrder(orderId!)).rejects.toMatchObject({
        kind: 'retryable',
        code: 'AMAZON_UNAVAILABLE',
        details: { operation: 'getOrder', status: 503, amazonCode: 'ServiceUnavailable', attempts: 5 },
      });
      expect(get()?.byStatus).toEqual({ 200: 1, 503: 7 });
    } finally {
      adapter.close();
    }
  });

  it('refreshes an expired access token once at LWA and repeats the call', async () => {
    const gate = new MemoryQuotaGate();
    const { adapter, seller } = amazonAdapterFor(sandbox, EU_SELLER, gate);
    try {
      const [orderId] = sandbox.generateOrders({ sellerId: seller.sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
      const lwa = () => sandbox.calls().operations.filter((o) => o.operation === 'lwa.token' && o.sellerId === seller.sellerId).reduce((n, o) => n + o.calls, 0);
      await adapter.orders.getOrder(orderId!);
      const before = lwa();
      await amazonAdmin(sandbox, 'tokens/expire', {});
      const { order } = await adapter.orders.getOrder(orderId!, ['BUYER']);
      expect((order as { orderId: string }).orderId).toBe(orderId);
      expect(lwa()).toBe(before + 1);
      const statuses = sandbox.calls().recent.filter((r) => r.operation === 'getOrder').slice(-2).map((r) => r.status);
      expect(statuses).toEqual([403, 200]);
    } finally {
      adapter.close();
    }
  });

  it('a malformed order added through the admin API fails parseOrder alone; the rest of its page passes', async () => {
    const gate = new MemoryQuotaGate();
    const { adapter, seller } = amazonAdapterFor(sandbox, EU_SELLER, gate);
    try {
      // A window older than the seeded orders, so the page holds exactly these orders. Whole seconds, as Amazon's
      // times are: the first order may be created at the very start of the range.
      const from = new Date(Math.floor((Date.now() - 10 * HOUR) / 1000) * 1000);
      const to = new Date(from.getTime() + 30 * 60_000);
      const good = sandbox.generateOrders({
        sellerId: seller.sellerId, count: 4, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', createdFrom: from.toISOString(), createdTo: to.toISOString(),
      });
      const template = sandbox.getOrder(good[0]!).order;
      const bad = structuredClone(template) as { orderId: string; createdTime: string; orderItems: Array<Record<string, unknown>>; proceeds: { grandTotal: Record<string, unknown> } };
      bad.orderId = '302-9999999-0000001';
      bad.createdTime = new Date(from.getTime() + 60_000).toISOString();
      bad.orderItems[0]!.quantityOrdered = 'two';
      bad.proceeds.grandTotal.amount = 34.8;
      const added = await amazonAdmin<{ orderIds: string[] }>(sandbox, 'orders', { sellerId: seller.sellerId, orders: [bad] });
      expect(added.orderIds).toEqual([bad.orderId]);

      const page = await adapter.orders.searchOrders({
        createdAfter: from.toISOString(), createdBefore: to.toISOString(), marketplaceIds: seller.marketplaceIds, includedData: INCLUDED,
      });
      expect(page.nextToken).toBeUndefined();
      const results = page.orders.map((o) => parseOrder(o));
      const ok = results.flatMap((r) => (r.ok ? [r.order.orderId] : []));
      const failed = results.flatMap((r) => (r.ok ? [] : [r.error]));
      expect(ok.sort()).toEqual([...good].sort());
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ code: 'ORDER_MALFORMED', orderId: bad.orderId });
      expect(failed[0]!.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^\/orderItems\/0\/quantityOrdered: /), expect.stringMatching(/^\/proceeds\/grandTotal\/amount: /)]));
    } finally {
      adapter.close();
    }
  });
});
