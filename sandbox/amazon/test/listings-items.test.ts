/**
 * Listings Items 2021-08-01 over HTTP: getListingsItem, patchListingsItem and searchListingsItems, every answer
 * checked strictly against the official model; one merchant quantity per seller and SKU shared with
 * JSON_LISTINGS_FEED, merchant orders and the admin API; the usage plans' 429s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { feedsApi } from './helpers/feed-http.ts';
import { spClient } from './helpers/feeds.ts';
import { accessToken, call, type Answer } from './helpers/http-client.ts';
import { strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const MODEL = 'listingsItems_2021-08-01.json';
const model = {
  item: strictDefinition(MODEL, 'Item'),
  search: strictDefinition(MODEL, 'ItemSearchResults'),
  submission: strictDefinition(MODEL, 'ListingsItemSubmissionResponse'),
  errors: strictDefinition(MODEL, 'ErrorList'),
};
const EU_HOST = 'sellingpartnerapi-eu.amazon.com';
const [DE, FR, GB] = ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'A1F83G8C2ARO7P'];
const ALL_DATA = 'summaries,attributes,issues,offers,fulfillmentAvailability,procurement,relationships,productTypes';
let clock = Date.parse('2026-08-03T09:00:00Z');
let sb: AmazonSandbox;
let token: string;
let seller: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 11, seedOrders: 0, now: () => clock, feedProcessingSeconds: 60 });
  seller = sb.sellers[0]!.sellerId;
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

/** One call with a full bucket (the clock moves on 2 s first); the answer checked against the model's shape. */
async function api(method: string, path: string, json?: unknown, opts: { tick?: boolean; who?: string } = {}): Promise<Answer> {
  if (opts.tick !== false) clock += 2_000;
  const a = await call(sb.port, { method, path: `/listings/2021-08-01/items/${opts.who ?? seller}${path}`, host: EU_HOST, token, json });
  const shape = a.status >= 400 ? model.errors : method === 'PATCH' ? model.submission : path.startsWith('?') ? model.search : model.item;
  expect(shape.validate(a.body), `${a.status} ${a.text}\n${shape.explain()}`).toBe(true);
  return a;
}
const quantityPatch = (quantity: unknown, path = '/attributes/fulfillment_availability') =>
  ({ productType: 'PRODUCT', patches: [{ op: 'replace', path, value: [{ fulfillment_channel_code: 'DEFAULT', quantity }] }] });
const shown = (sku: string) => sb.listingQuantities(seller).listings.find((l) => l.sku === sku)!;

describe('getListingsItem', () => {
  it('answers every part of a seeded listing: the DEFAULT quantity, the FBA channel of the pool, offers per marketplace', async () => {
    const a = await api('GET', `/MUG-CER-RED?marketplaceIds=${DE},${FR}&includedData=${ALL_DATA}`);
    expect(a.status).toBe(200);
    expect(a.headers['x-amzn-ratelimit-limit']).toBe('5');
    const item = a.body as Obj;
    const q = shown('MUG-CER-RED');
    expect(q.changedBy).toBe('seed');
    expect(item.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: q.quantity }]);
    const fba = sb.fbaStock(seller).pools.EU!.find((r) => r.sellerSku === 'MUG-CER-RED')!;
    expect(item.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: q.quantity },
      { fulfillmentChannelCode: 'AMAZON_EU', quantity: fba.fulfillable }]);
    expect(item.summaries.map((s: Obj) => [s.marketplaceId, s.asin, s.fnSku, s.status])).toEqual([
      [DE, 'B00005BEEF', fba.fnSku, ['BUYABLE', 'DISCOVERABLE']], [FR, 'B00005BEEF', fba.fnSku, ['BUYABLE', 'DISCOVERABLE']]]);
    expect(item.offers.map((o: Obj) => o.price.currencyCode)).toEqual(['EUR', 'EUR']);
    expect(item.issues).toEqual([]);
    // Default includedData: summaries only.
    expect(Object.keys((await api('GET', `/MUG-CER-RED?marketplaceIds=${GB}`)).body as Obj)).toEqual(['sku', 'summaries']);
  });

  it('an FBA-only listing has no DEFAULT quantity; refusals: unknown SKU 404, bad parameters 400, another seller 403', async () => {
    const fbaOnly = (await api('GET', `/MUG-CER-BLUE-FBA?marketplaceIds=${GB}&includedData=fulfillmentAvailability,attributes`)).body as Obj;
    const uk = sb.fbaStock(seller).pools.UK!.find((r) => r.sellerSku === 'MUG-CER-BLUE-FBA')!;
    expect(fbaOnly.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_EU', quantity: uk.fulfillable }]);
    expect(fbaOnly.attributes.fulfillment_availability).toBeUndefined();
    expect(shown('MUG-CER-BLUE-FBA')).toMatchObject({ quantity: null, changedBy: null });

    expect((await api('GET', `/NO-SUCH-SKU?marketplaceIds=${DE}`)).status).toBe(404);
    for (const q of ['', `?marketplaceIds=ATVPDKIKX0DER`, `?marketplaceIds=${DE}&includedData=secrets`]) {
      const bad = await api('GET', `/MUG-CER-RED${q}`);
      expect([bad.status, (bad.body as Obj).errors[0].code]).toEqual([400, 'InvalidInput']);
    }
    expect((await api('GET', `/MUG-CER-RED?marketplaceIds=${DE}`, undefined, { who: sb.sellers[1]!.sellerId })).status).toBe(403);
  });
});

describe('patchListingsItem', () => {
  it('replaces the DEFAULT quantity (ACCEPTED), previews without applying (VALID), refuses bad values (INVALID)', async () => {
    const ok = await api('PATCH', `/TEA-GREEN-100?marketplaceIds=${DE}`, quantityPatch(42));
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ sku: 'TEA-GREEN-100', status: 'ACCEPTED', issues: [] });
    expect((ok.body as Obj).submissionId).toMatch(/^[0-9a-f]{32}$/);
    expect(shown('TEA-GREEN-100')).toEqual({ sku: 'TEA-GREEN-100', quantity: 42, changedBy: 'patch', lastChangedTime: new Date(clock).toISOString() });
    // The quantity is the seller's, not the marketplace's: every marketplace shows it.
    const fr = (await api('GET', `/TEA-GREEN-100?marketplaceIds=${FR}&includedData=fulfillmentAvailability`)).body as Obj;
    expect(fr.fulfillmentAvailability[0]).toEqual({ fulfillmentChannelCode: 'DEFAULT', quantity: 42 });

    const preview = await api('PATCH', `/TEA-GREEN-100?marketplaceIds=${DE}&mode=VALIDATION_PREVIEW&includedData=identifiers,issues`, quantityPatch(1));
    expect(preview.body).toMatchObject({ status: 'VALID', identifiers: [{ marketplaceId: DE, asin: 'B00005FCCD' }], issues: [] });
    expect(shown('TEA-GREEN-100').quantity).toBe(42);

    for (const [body, code] of [[quantityPatch(-1), '4000001'], [quantityPatch(2.5), '4000001'], [quantityPatch('7'), '4000001'],
      [quantityPatch(5, '/attributes/fulfillmentAvailability'), '90000900'], [quantityPatch(5, '/attributes/fulfillment_availability/0/quantity'), '90000900']] as const) {
      const r = await api('PATCH', `/TEA-GREEN-100?marketplaceIds=${DE}`, body);
      expect([r.status, (r.body as Obj).status, (r.body as Obj).issues[0].code]).toEqual([200, 'INVALID', code]);
    }
    expect(shown('TEA-GREEN-100').quantity).toBe(42);
  });

  it('a patch whose answer is lost (drop_after_accept) was applied: the unknown outcome of a write', async () => {
    sb.injectFault({ operation: 'patchListingsItem', kind: 'drop_after_accept', count: 1 });
    clock += 2_000;
    await expect(call(sb.port, { method: 'PATCH', path: `/listings/2021-08-01/items/${seller}/CUP-ESPRESSO-2?marketplaceIds=${DE}`,
      host: EU_HOST, token, json: quantityPatch(77) })).rejects.toThrow();
    expect(shown('CUP-ESPRESSO-2')).toMatchObject({ quantity: 77, changedBy: 'patch' });
  });

  it('answers 400 for a body that is not a ListingsItemPatchRequest and for bad parameters', async () => {
    for (const [q, body] of [[`?marketplaceIds=${DE}`, { patches: [] }], [`?marketplaceIds=${DE}`, { productType: 'PRODUCT', patches: [{ op: 'move', path: '/x' }] }],
      [`?marketplaceIds=${DE}`, { productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/x', value: 3 }] }],
      ['', quantityPatch(1)], [`?marketplaceIds=${DE}&mode=LIVE`, quantityPatch(1)], [`?marketplaceIds=${DE}&includedData=identifiers`, quantityPatch(1)]] as const) {
      const r = await api('PATCH', `/TEA-GREEN-100${q}`, body);
      expect([r.status, (r.body as Obj).errors[0].code], r.text).toEqual([400, 'InvalidInput']);
    }
  });

  it('accepts an offer for a SKU without a listing (which then lacks its facts), deletes and merges', async () => {
    const r = await api('PATCH', `/NEW-SKU-1?marketplaceIds=${DE}`, quantityPatch(3));
    expect((r.body as Obj).status).toBe('ACCEPTED');
    const long = await api('PATCH', `/${'L'.repeat(41)}?marketplaceIds=${DE}`, quantityPatch(3)); // Amazon's SKUs: at most 40 characters
    expect([(long.body as Obj).status, (long.body as Obj).issues[0].code]).toEqual(['INVALID', '4000001']);
    expect((await api('GET', `/${'L'.repeat(41)}?marketplaceIds=${DE}`)).status).toBe(404);
    const item = (await api('GET', `/NEW-SKU-1?marketplaceIds=${DE}&includedData=summaries,issues`)).body as Obj;
    expect(item.summaries[0]).toMatchObject({ productType: 'PRODUCT', status: [] });
    expect(item.issues.map((i: Obj) => [i.code, i.categories])).toEqual([['90220', ['MISSING_ATTRIBUTE']]]);
    await api('PATCH', `/NEW-SKU-1?marketplaceIds=${DE}`, { productType: 'PRODUCT', patches: [
      { op: 'merge', path: '/attributes/item_name', value: [{ value: 'New thing', marketplace_id: DE }] },
      { op: 'delete', path: '/attributes/fulfillment_availability' }] });
    const after = (await api('GET', `/NEW-SKU-1?marketplaceIds=${DE}&includedData=attributes,issues,fulfillmentAvailability`)).body as Obj;
    expect(after).toEqual({ sku: 'NEW-SKU-1', attributes: { item_name: [{ value: 'New thing', marketplace_id: DE }] }, issues: [],
      fulfillmentAvailability: [] });
  });

  it('shares one quantity with JSON_LISTINGS_FEED', async () => {
    const feeds = await feedsApi(sb, 0);
    const doc = { header: { sellerId: seller, version: '2.0' }, messages: [{ messageId: 1, sku: 'TEA-GREEN-100', operationType: 'PATCH',
      productType: 'PRODUCT', patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 9 }] }] }] };
    const created = await feeds.submit('JSON_LISTINGS_FEED', [DE], JSON.stringify(doc), 'application/json');
    expect(created.status).toBe(202);
    clock += 61_000;
    const item = (await api('GET', `/TEA-GREEN-100?marketplaceIds=${DE}&includedData=attributes`)).body as Obj;
    expect(item.attributes.fulfillment_availability).toEqual([{ fulfillment_channel_code: 'DEFAULT', quantity: 9 }]);
    expect(shown('TEA-GREEN-100')).toMatchObject({ quantity: 9, changedBy: 'feed' });
  });
});

describe('merchant orders and the quantity', () => {
  it('a placed merchant order (PENDING too) takes its units at once, never below zero; a cancellation gives them back', async () => {
    const before = sb.listingQuantities(seller).quantities;
    const [id] = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'MERCHANT', status: 'PENDING', marketplaceId: FR });
    const items = (sb.getOrder(id!).order as Obj).orderItems as Obj[];
    const after = sb.listingQuantities(seller);
    for (const it of items) {
      const sku = it.product.sellerSku as string;
      if (before[sku] === undefined) continue; // a SKU the seller has no listing for
      expect(after.quantities[sku]).toBe(Math.max(0, before[sku]! - it.quantityOrdered));
      expect(after.listings.find((l) => l.sku === sku)!.changedBy).toBe('order');
    }
    sb.cancelOrder(id!, { by: 'BUYER' });
    const back = sb.listingQuantities(seller);
    for (const it of items) if (before[it.product.sellerSku] !== undefined) expect(back.quantities[it.product.sellerSku]).toBe(before[it.product.sellerSku]);

    // An order for more than is listed leaves 0, and its cancellation gives back what it took.
    sb.setListingQuantity(seller, 'KETTLE-STEEL-17', 1);
    const big = { ...(sb.getOrder(id!).order as Obj), orderId: '302-9999999-0000001', fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
      orderItems: [{ orderItemId: '1', quantityOrdered: 3, product: { sellerSku: 'KETTLE-STEEL-17' } }] };
    sb.addOrders(seller, [big]);
    expect(sb.listingQuantities(seller).quantities['KETTLE-STEEL-17']).toBe(0);
    sb.updateOrder(big.orderId, { fulfillmentStatus: 'CANCELLED' });
    expect(shown('KETTLE-STEEL-17')).toMatchObject({ quantity: 1, changedBy: 'cancellation' });
  });

  it('a shipped order keeps its units; FBA orders move the pools, never the DEFAULT quantity', async () => {
    const before = sb.listingQuantities(seller).quantities;
    const [mfn] = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED', marketplaceId: DE });
    const taken = sb.listingQuantities(seller).quantities;
    sb.updateOrder(mfn!, { fulfillmentStatus: 'SHIPPED' });
    expect(sb.listingQuantities(seller).quantities).toEqual(taken);
    expect(taken).not.toEqual(before);
    const [fba] = sb.generateOrders({ sellerId: seller, count: 1, fulfilledBy: 'AMAZON', status: 'UNSHIPPED', marketplaceId: DE });
    expect(fba).toBeDefined();
    expect(sb.listingQuantities(seller).quantities).toEqual(taken);
  });
});

describe('searchListingsItems', () => {
  it('finds SKUs by identifier (up to 20), pages 1,000 at most with signed tokens bound to the parameters', async () => {
    const found = await api('GET', `?marketplaceIds=${DE}&identifiersType=SKU&identifiers=MUG-CER-RED,TEA-GREEN-100,NOPE&includedData=fulfillmentAvailability&sortBy=sku&sortOrder=ASC`);
    expect(found.status).toBe(200);
    expect((found.body as Obj).numberOfResults).toBe(2);
    expect((found.body as Obj).items.map((i: Obj) => [i.sku, i.fulfillmentAvailability[0].quantity])).toEqual([
      ['MUG-CER-RED', shown('MUG-CER-RED').quantity], ['TEA-GREEN-100', shown('TEA-GREEN-100').quantity]]);

    const all = sb.listingQuantities(seller).listings.map((l) => l.sku);
    const seen: string[] = [];
    let pageToken: string | undefined;
    do {
      const q = `?marketplaceIds=${DE}&pageSize=7&sortBy=sku&sortOrder=ASC${pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''}`;
      const page = (await api('GET', q)).body as Obj;
      expect(page.numberOfResults).toBe(all.length);
      seen.push(...page.items.map((i: Obj) => i.sku));
      pageToken = page.pagination?.nextToken;
      if (pageToken) {
        const changed = await api('GET', `?marketplaceIds=${DE}&pageSize=8&sortBy=sku&sortOrder=ASC&pageToken=${encodeURIComponent(pageToken)}`);
        expect(changed.status).toBe(400);
      }
    } while (pageToken);
    expect(seen).toEqual([...all].sort());

    const recent = (await api('GET', `?marketplaceIds=${DE}&pageSize=20`)).body as Obj;
    const dates = recent.items.map((i: Obj) => i.summaries[0].lastUpdatedDate as string);
    expect(dates).toEqual([...dates].sort().reverse()); // lastUpdatedDate DESC by default
    const withErrors = (await api('GET', `?marketplaceIds=${DE}&withIssueSeverity=ERROR`)).body as Obj;
    expect(withErrors.items).toEqual([]); // NEW-SKU-1 got its item_name

    const many = Array.from({ length: 21 }, (_, i) => `S${i}`).join(',');
    for (const q of [`?marketplaceIds=${DE}&identifiersType=SKU&identifiers=${many}`, `?marketplaceIds=${DE}&identifiers=A`,
      `?marketplaceIds=${DE}&pageSize=21`, `?marketplaceIds=${DE}&sortBy=price`, `?identifiersType=SKU&identifiers=A`]) {
      expect((await api('GET', q)).status, q).toBe(400);
    }
  });
});

describe('the real amazon-sp-api client (version 2021-08-01)', () => {
  it('patches, reads and searches a SKU with a space and a slash', async () => {
    const sp = spClient(sb, 0);
    const sku = 'MUG BLUE/2';
    const raw = async (operation: string, params: Record<string, unknown>) => {
      clock += 2_000;
      const r = await sp.callAPI({ operation, endpoint: 'listingsItems', ...params, options: { version: '2021-08-01', raw_result: true } } as never) as
        { statusCode: number; body: string };
      return { status: r.statusCode, body: JSON.parse(r.body) as Obj };
    };
    const patched = await raw('patchListingsItem', { path: { sellerId: seller, sku }, query: { marketplaceIds: [DE, FR] }, body: quantityPatch(4) });
    expect(model.submission.validate(patched.body), model.submission.explain()).toBe(true);
    expect(patched).toMatchObject({ status: 200, body: { sku, status: 'ACCEPTED' } });
    const got = await raw('getListingsItem', { path: { sellerId: seller, sku }, query: { marketplaceIds: [DE], includedData: ['fulfillmentAvailability'] } });
    expect(model.item.validate(got.body), model.item.explain()).toBe(true);
    expect(got.body).toEqual({ sku, fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 4 }] });
    const found = await raw('searchListingsItems', { path: { sellerId: seller },
      query: { marketplaceIds: [DE], identifiersType: 'SKU', identifiers: [sku, 'MUG-CER-RED'], includedData: ['summaries', 'fulfillmentAvailability'] } });
    expect(model.search.validate(found.body), model.search.explain()).toBe(true);
    expect(found.body.items.map((i: Obj) => i.sku).sort()).toEqual(['MUG BLUE/2', 'MUG-CER-RED']);
  });
});

describe('usage plans', () => {
  it('patch 5/s burst 5, get 5/s burst 10, search 5/s burst 5: real 429s', async () => {
    clock += 10_000;
    for (const [op, path, body, burst] of [['PATCH', `/MUG-CER-RED?marketplaceIds=${DE}`, quantityPatch(5), 5],
      ['GET', `/MUG-CER-RED?marketplaceIds=${DE}`, undefined, 10], ['GET', `?marketplaceIds=${DE}`, undefined, 5]] as const) {
      for (let i = 0; i < burst; i++) expect((await api(op, path, body, { tick: false })).status).toBe(200);
      const throttled = await api(op, path, body, { tick: false });
      expect([throttled.status, throttled.headers['x-amzn-errortype']]).toEqual([429, 'TooManyRequestsException']);
    }
    const ops = sb.calls().operations.filter((o) => ['patchListingsItem', 'getListingsItem', 'searchListingsItems'].includes(o.operation));
    expect(ops.every((o) => o.throttled === 1)).toBe(true);
    clock += 200; // one token back at 5/s
    expect((await api('PATCH', `/MUG-CER-RED?marketplaceIds=${DE}`, quantityPatch(6), { tick: false })).status).toBe(200);
  });
});
