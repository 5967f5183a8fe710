import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncError } from '../core/errors.ts';
import { SpApiCaller } from './call.ts';
import { ListingsApi, merchantQuantityOf, productTypeOf } from './listings-api.ts';
import { FakeAmazon } from './testing/fake-amazon.ts';
import { MemoryQuotaGate } from './testing/memory-quota-gate.ts';
import { SpApiTransport } from './transport.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const SELLER = 'A2SELLER';
const item = (sku: string, quantity: number) => ({
  sku,
  summaries: [{ marketplaceId: DE, asin: 'B000000001', productType: 'SHOES', conditionType: 'new_new', status: ['BUYABLE'], itemName: sku, createdDate: '2026-01-01T00:00:00Z', lastUpdatedDate: '2026-01-01T00:00:00Z' }],
  fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity }],
});
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as SyncError);

describe('ListingsApi (2021-08-01) through the real client', () => {
  let fake: FakeAmazon;
  let transport: SpApiTransport;
  let api: ListingsApi;

  beforeEach(async () => {
    fake = await FakeAmazon.start();
    transport = new SpApiTransport({
      region: 'eu',
      credentials: { clientId: 'client', clientSecret: 'secret', refreshToken: 'Atzr|seller' },
      endpoint: { host: '127.0.0.1', port: fake.port },
    });
    api = new ListingsApi(new SpApiCaller({ transport, gate: new MemoryQuotaGate(), sellerKey: 'b1', retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 2 } }));
  });
  afterEach(async () => {
    transport.close();
    await fake.close();
  });

  it('merges into fulfillment_availability the DEFAULT entry with the absolute quantity and the listing product type', async () => {
    fake.reply = () => ({ status: 200, body: { sku: 'SKU 1', status: 'ACCEPTED', submissionId: 's-1', issues: [] } });
    const res = await api.patchMerchantQuantity({ sellerId: SELLER, sku: 'SKU 1', marketplaceIds: [DE, FR], quantity: 7, productType: 'SHOES' });

    expect(res).toMatchObject({ status: 'ACCEPTED', submissionId: 's-1' });
    const req = fake.requests[0]!;
    expect(req.method).toBe('PATCH');
    expect(req.path).toBe(`/listings/2021-08-01/items/${SELLER}/SKU%201`);
    expect(req.query).toEqual({ marketplaceIds: `${DE},${FR}` });
    expect(JSON.parse(req.bytes!.toString('utf8'))).toEqual({
      productType: 'SHOES',
      patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 7 }] }],
    });
  });

  it('sends PRODUCT when the product type is not known', async () => {
    fake.reply = () => ({ status: 200, body: { sku: 'A', status: 'ACCEPTED', submissionId: 's-2' } });
    await api.patchMerchantQuantity({ sellerId: SELLER, sku: 'A', marketplaceIds: [DE], quantity: 0 });
    expect(JSON.parse(fake.requests[0]!.bytes!.toString('utf8')).productType).toBe('PRODUCT');
  });

  it('turns an INVALID submission into AMAZON_LISTING_INVALID with the issue code', async () => {
    fake.reply = () => ({
      status: 200,
      body: { sku: 'A', status: 'INVALID', submissionId: 's-3', issues: [{ code: '90220', message: 'fulfillment_availability is invalid', severity: 'ERROR', attributeNames: ['fulfillment_availability'] }, { code: '1', message: 'note', severity: 'WARNING' }] },
    });
    const err = await fail(api.patchMerchantQuantity({ sellerId: SELLER, sku: 'A', marketplaceIds: [DE], quantity: 3 }));
    expect(err?.code).toBe('AMAZON_LISTING_INVALID');
    expect(err?.details).toMatchObject({ amazonCode: '90220', sku: 'A', issues: [{ code: '90220' }] });
  });

  it('refuses a negative or fractional quantity before any request', async () => {
    expect((await fail(api.patchMerchantQuantity({ sellerId: SELLER, sku: 'A', marketplaceIds: [DE], quantity: -1 })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect((await fail(api.patchMerchantQuantity({ sellerId: SELLER, sku: 'A', marketplaceIds: [DE], quantity: 1.5 })))?.code).toBe('AMAZON_INVALID_REQUEST');
    expect(fake.requests).toHaveLength(0);
  });

  it('reads a listing, its product type and merchant quantity; a 404 is null', async () => {
    fake.reply = (req) => (req.path.endsWith('/GONE') ? { status: 404, body: { errors: [{ code: 'NOT_FOUND', message: 'no such SKU' }] } } : { status: 200, body: item('A', 4) });
    const got = await api.getListingsItem(SELLER, 'A', [DE]);
    expect(got && productTypeOf(got)).toBe('SHOES');
    expect(got && merchantQuantityOf(got)).toBe(4);
    expect(fake.requests[0]?.query).toEqual({ marketplaceIds: DE, includedData: 'summaries,fulfillmentAvailability,issues' });
    expect(await api.getListingsItem(SELLER, 'GONE', [DE])).toBeNull();
    expect(productTypeOf(null)).toBe('PRODUCT');
  });

  it('searches by SKU 20 at a time and follows pages', async () => {
    fake.reply = (req) => {
      const skus = req.query.identifiers!.split(',');
      if (skus[0] === 'S0' && !req.query.pageToken) return { status: 200, body: { numberOfResults: 20, items: skus.slice(0, 10).map((s) => item(s, 1)), pagination: { nextToken: 'p2' } } };
      const rest = skus[0] === 'S0' ? skus.slice(10) : skus;
      return { status: 200, body: { numberOfResults: rest.length, items: rest.map((s) => item(s, 2)) } };
    };
    const skus = Array.from({ length: 25 }, (_, i) => `S${i}`);
    const all = await api.allBySkus(SELLER, [DE], skus);

    expect(all.map((i) => i.sku)).toEqual(skus);
    expect(fake.requests.map((r) => [r.query.identifiers!.split(',').length, r.query.pageToken ?? null])).toEqual([[20, null], [20, 'p2'], [5, null]]);
    expect(fake.requests[0]?.query).toMatchObject({ identifiersType: 'SKU', includedData: 'summaries,fulfillmentAvailability', marketplaceIds: DE });
    expect((await fail(api.searchBySkus(SELLER, [DE], skus)))?.code).toBe('AMAZON_INVALID_REQUEST');
  });

  it('refuses an answer that is not a listing', async () => {
    fake.reply = () => ({ status: 200, body: { items: [] } });
    expect((await fail(api.getListingsItem(SELLER, 'A', [DE])))?.code).toBe('AMAZON_BAD_PAYLOAD');
  });
});
