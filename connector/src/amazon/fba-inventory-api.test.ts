import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncError } from '../core/errors.ts';
import { SpApiCaller } from './call.ts';
import { FbaInventoryApi } from './fba-inventory-api.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { SpApiTransport } from './transport.ts';

const DE = 'A1PA6795UKMFR9';
const summary = (sku: string, fulfillable: number, unfulfillable: number) => ({
  asin: 'B000000001', fnSku: `X${sku}`, sellerSku: sku, condition: 'NewItem', productName: sku, totalQuantity: fulfillable + unfulfillable,
  lastUpdatedTime: '2026-03-01T10:00:00Z',
  inventoryDetails: { fulfillableQuantity: fulfillable, unfulfillableQuantity: { totalUnfulfillableQuantity: unfulfillable, customerDamagedQuantity: unfulfillable } },
});

describe('FbaInventoryApi (v1) through the real client', () => {
  let fake: FakeAmazon;
  let transport: SpApiTransport;
  let api: FbaInventoryApi;

  beforeEach(async () => {
    fake = await FakeAmazon.start();
    transport = new SpApiTransport({
      region: 'eu',
      credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' },
      endpoint: { host: '127.0.0.1', port: fake.port },
    });
    api = new FbaInventoryApi(new SpApiCaller({ transport, gate: new MemoryQuotaGate(), sellerKey: 'b1', retry: { baseDelayMs: 1, maxDelayMs: 2 } }));
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  it('asks one marketplace with details and follows nextToken at once', async () => {
    fake.reply = (req) =>
      req.query.nextToken
        ? { status: 200, body: { payload: { granularity: { granularityType: 'Marketplace', granularityId: DE }, inventorySummaries: [summary('B', 1, 0)] } } }
        : { status: 200, body: { payload: { granularity: { granularityType: 'Marketplace', granularityId: DE }, inventorySummaries: [summary('A', 5, 2)] }, pagination: { nextToken: 't1' } } };
    const all = await api.allInventorySummaries({ marketplaceId: DE });

    expect(all.map((s) => [s.sellerSku, s.inventoryDetails?.fulfillableQuantity, s.inventoryDetails?.unfulfillableQuantity?.totalUnfulfillableQuantity])).toEqual([['A', 5, 2], ['B', 1, 0]]);
    expect(fake.requests.map((r) => r.path)).toEqual(['/fba/inventory/v1/summaries', '/fba/inventory/v1/summaries']);
    expect(fake.requests[0]?.query).toEqual({ details: 'true', granularityType: 'Marketplace', granularityId: DE, marketplaceIds: DE });
    expect(fake.requests[1]?.query).toMatchObject({ nextToken: 't1', granularityId: DE });
  });

  it('sends at most 50 SKUs a call', async () => {
    fake.reply = () => ({ status: 200, body: { payload: { inventorySummaries: [] } } });
    const skus = Array.from({ length: 120 }, (_, i) => `SKU-${i}`);
    await api.allInventorySummaries({ marketplaceId: DE, sellerSkus: skus });

    expect(fake.requests.map((r) => String(r.query.sellerSkus).split(',').length)).toEqual([50, 50, 20]);
    const failure = await api.getInventorySummaries({ marketplaceId: DE, sellerSkus: skus }).then(() => null, (e: unknown) => e as SyncError);
    expect(failure?.code).toBe('AMAZON_INVALID_REQUEST');
    expect(fake.requests).toHaveLength(3);
  });

  it('refuses an answer without the payload envelope', async () => {
    fake.reply = () => ({ status: 200, body: { inventorySummaries: [] } });
    const failure = await api.getInventorySummaries({ marketplaceId: DE }).then(() => null, (e: unknown) => e as SyncError);
    expect(failure?.code).toBe('AMAZON_BAD_PAYLOAD');
  });
});
