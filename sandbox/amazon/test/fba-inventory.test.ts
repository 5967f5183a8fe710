import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators, strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const EU_HOST = 'sellingpartnerapi-eu.amazon.com';
const NA_HOST = 'sellingpartnerapi-na.amazon.com';
const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const IT = 'APJ6JRA9NG5V4';
const PL = 'A1C3SOZRARQ6R3';
const SE = 'A2NODRKZP88ZB9';
const GB = 'A1F83G8C2ARO7P';
const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const shape = strictDefinition('fbaInventory.json', 'GetInventorySummariesResponse');
const orders = modelValidators();
let clock = Date.parse('2026-06-01T12:00:00Z');
let sb: AmazonSandbox;
let euToken: string;
let naToken: string;
let eu: string;
let na: string;

beforeAll(async () => {
  // timeScale 2: a nextToken lives 15 s of the pinned clock; buckets refill only when a test moves the clock.
  sb = await startAmazonSandbox({ port: 0, seed: 4, seedOrders: 0, timeScale: 2, now: () => clock,
    sellers: undefined });
  [eu, na] = [sb.sellers[0]!.sellerId, sb.sellers[1]!.sellerId];
  euToken = await accessToken(sb.port, sb.sellers[0]!);
  naToken = await accessToken(sb.port, sb.sellers[1]!);
});
afterAll(() => sb.close());

/** One call, a token back first (2/s at timeScale 2: 250 ms), the answer checked strictly against the model. */
async function summaries(query: string, host = EU_HOST): Promise<{ status: number; body: Obj }> {
  clock += 1_000;
  const a = await call(sb.port, { path: `/fba/inventory/v1/summaries?${query}`, host, token: host === EU_HOST ? euToken : naToken });
  expect(shape.validate(a.body), shape.explain()).toBe(true);
  return { status: a.status, body: a.body as Obj };
}
const market = (mp: string, extra = '') => `granularityType=Marketplace&granularityId=${mp}&marketplaceIds=${mp}${extra}`;
const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });

describe('getInventorySummaries', () => {
  it('answers the pool: every Pan-EU marketplace the same quantities, the UK its own; US and CA apart', async () => {
    const de = await summaries(market(DE, '&details=true'));
    expect(de.status).toBe(200);
    expect(de.body.payload.granularity).toEqual({ granularityType: 'Marketplace', granularityId: DE });
    const seeded = de.body.payload.inventorySummaries as Obj[];
    // Every SKU an FBA order may carry (the catalogue less the SKUs the ERP lacks), by SKU; MUG-CER-BLUE-FBA has plenty.
    const skus = seeded.map((s) => s.sellerSku);
    expect(skus).toEqual([...skus].sort());
    expect(skus).toContain('MUG-CER-BLUE-FBA');
    expect(skus.length).toBeGreaterThan(20);
    const mug = seeded.find((s) => s.sellerSku === 'MUG-CER-BLUE-FBA')!;
    expect(mug.inventoryDetails.fulfillableQuantity).toBeGreaterThanOrEqual(1500);
    const d = seeded[0]!.inventoryDetails;
    expect(seeded[0]!.totalQuantity).toBe(d.fulfillableQuantity + d.inboundWorkingQuantity + d.inboundShippedQuantity
      + d.inboundReceivingQuantity + d.reservedQuantity.totalReservedQuantity + d.researchingQuantity.totalResearchingQuantity
      + d.unfulfillableQuantity.totalUnfulfillableQuantity);
    for (const mp of [FR, IT, PL, SE]) {
      const other = await summaries(market(mp, '&details=true'));
      expect(other.body.payload.inventorySummaries).toEqual(seeded);
    }
    const uk = (await summaries(market(GB, '&details=true'))).body.payload.inventorySummaries as Obj[];
    expect(uk.map((s) => s.sellerSku)).toEqual(skus);
    expect(uk.find((s) => s.sellerSku === 'MUG-CER-BLUE-FBA')!.inventoryDetails).not.toEqual(mug.inventoryDetails);
    sb.setFbaStock(na, 'CA', [{ sellerSku: 'MUG-CER-BLUE-FBA', fulfillable: 7 }]);
    const us = (await summaries(market(US, '&details=true'), NA_HOST)).body.payload.inventorySummaries as Obj[];
    const ca = (await summaries(market(CA, '&details=true'), NA_HOST)).body.payload.inventorySummaries as Obj[];
    const mugOf = (list: Obj[]) => list.find((s) => s.sellerSku === 'MUG-CER-BLUE-FBA')!.inventoryDetails.fulfillableQuantity;
    expect(mugOf(ca)).toBe(7);
    expect(mugOf(us)).toBeGreaterThanOrEqual(1500);
    // Without details: no inventoryDetails, the total stays.
    const bare = (await summaries(market(DE))).body.payload.inventorySummaries as Obj[];
    expect(bare[0]!.inventoryDetails).toBeUndefined();
    expect(bare[0]!.totalQuantity).toBe(seeded[0]!.totalQuantity);
  });

  it('pages by 50 with a nextToken bound to the request and valid 30 sandbox seconds; filters by sellerSkus', async () => {
    const items = Array.from({ length: 60 }, (_, i) => ({ sellerSku: `PAGE-${String(i).padStart(2, '0')}`, fulfillable: i }));
    const set = await admin('PUT', `/fba/inventory/${eu}/${FR}`, { items }); // a marketplace id names its pool
    expect([set.status, (set.body as Obj).pool]).toEqual([200, 'EU']);
    const all = sb.fbaStock(eu).pools.EU!.map((r) => r.sellerSku);
    expect(all.length).toBeGreaterThan(80);
    const first = await summaries(market(IT));
    expect(first.body.payload.inventorySummaries.map((s: Obj) => s.sellerSku)).toEqual(all.slice(0, 50));
    const token = first.body.pagination.nextToken as string;
    const second = await summaries(market(IT, `&nextToken=${encodeURIComponent(token)}`));
    expect(second.body.payload.inventorySummaries.map((s: Obj) => s.sellerSku)).toEqual(all.slice(50, 100));
    expect(second.body.pagination === undefined).toBe(all.length <= 100);
    const changed = await summaries(market(IT, `&details=true&nextToken=${encodeURIComponent(token)}`));
    expect([changed.status, changed.body.errors[0].message]).toEqual([400, 'The nextToken does not match the other request parameters']);
    clock += 14_000; // 1 s + 14 s since it was issued: 30 sandbox seconds at timeScale 2
    const expired = await summaries(market(IT, `&nextToken=${encodeURIComponent(token)}`));
    expect([expired.status, expired.body.errors[0].code]).toEqual([400, 'InvalidInput']);
    expect(expired.body.errors[0].message).toMatch(/expired/);
    const two = await summaries(market(DE, '&sellerSkus=PAGE-03,PAGE-07&details=true'));
    expect(two.body.payload.inventorySummaries.map((s: Obj) => [s.sellerSku, s.inventoryDetails.fulfillableQuantity]))
      .toEqual([['PAGE-03', 3], ['PAGE-07', 7]]);
    const tooMany = await summaries(market(DE, `&sellerSkus=${items.slice(0, 51).map((i) => i.sellerSku).join(',')}`));
    expect(tooMany.status).toBe(400);
    const since = await summaries(market(DE, `&startDateTime=${new Date(clock + 60_000).toISOString()}`));
    expect(since.body.payload.inventorySummaries).toEqual([]);
  });

  it('refuses bad parameters with the model ErrorList', async () => {
    for (const q of ['granularityType=Country&granularityId=DE&marketplaceIds=DE', `granularityType=Marketplace&marketplaceIds=${DE}`,
      market(US), `granularityType=Marketplace&granularityId=${DE}&marketplaceIds=${FR}`, `${market(DE)}&marketplaceIds=${FR}`,
      market(DE, '&details=yes'), market(DE, '&startDateTime=2020-01-01T00:00:00Z'), market(DE, '&nextToken=forged')]) {
      const a = await summaries(q);
      expect([a.status, a.body.errors[0].code], q).toEqual([400, 'InvalidInput']);
    }
  });

  it('moves stock with FBA orders: placed reserves, shipped leaves the pool, cancelled returns; no buyer PII', async () => {
    const [id, other] = sb.generateOrders({ sellerId: eu, count: 2, marketplaceId: DE, fulfilledBy: 'AMAZON', status: 'UNSHIPPED' });
    const order = sb.getOrder(id!).order as Obj;
    const sku = order.orderItems[0].product.sellerSku as string;
    const units = (o: Obj) => o.orderItems.filter((it: Obj) => it.product.sellerSku === sku).reduce((n: number, it: Obj) => n + it.quantityOrdered, 0);
    const both = units(order) + units(sb.getOrder(other!).order as Obj);
    expect(units(order)).toBeGreaterThan(0);
    // As the pool stood before the two orders: what they reserved is added back.
    const fulfillable = async () => (await summaries(market(FR, `&details=true&sellerSkus=${sku}`))).body
      .payload.inventorySummaries[0] as Obj;
    expect(order.buyer).toEqual({});
    expect(Object.keys(order.recipient.deliveryAddress).sort()).toEqual(expect.arrayContaining(['city', 'countryCode', 'postalCode']));
    expect(order.recipient.deliveryAddress.name ?? order.recipient.deliveryAddress.addressLine1 ?? order.recipient.deliveryAddress.phone).toBeUndefined();
    const placed = await fulfillable();
    const reservedBefore = placed.inventoryDetails.reservedQuantity.pendingCustomerOrderQuantity - both;
    expect(reservedBefore).toBe(0); // nothing else is open in this pool
    const before = { totalQuantity: placed.totalQuantity, lastUpdatedTime: '2026-06-01T12:00:00Z', inventoryDetails: {
      fulfillableQuantity: placed.inventoryDetails.fulfillableQuantity + both,
      reservedQuantity: { ...placed.inventoryDetails.reservedQuantity, pendingCustomerOrderQuantity: 0,
        totalReservedQuantity: placed.inventoryDetails.reservedQuantity.totalReservedQuantity - both } } };

    clock += 60_000;
    sb.updateOrder(id!, { fulfillmentStatus: 'SHIPPED' });
    const shippedAt = clock;
    sb.updateOrder(other!, { fulfillmentStatus: 'CANCELLED' });
    const after = await fulfillable();
    expect(after.totalQuantity).toBe(before.totalQuantity - units(order));
    expect(after.inventoryDetails.fulfillableQuantity).toBe(before.inventoryDetails.fulfillableQuantity - units(order));
    expect(after.inventoryDetails.reservedQuantity).toEqual(before.inventoryDetails.reservedQuantity);
    expect(Date.parse(after.lastUpdatedTime)).toBeGreaterThan(Date.parse(before.lastUpdatedTime));

    // The shipped FBA order as the connector reads it: SHIPPED, every unit fulfilled, no packages; its ship time is
    // the lastUpdatedTime of the change.
    const got = await call(sb.port, { path: `/orders/2026-01-01/orders/${id}?includedData=BUYER,RECIPIENT,FULFILLMENT,PACKAGES`, host: EU_HOST, token: euToken });
    expect(orders.getOrder(got.body), orders.explain(orders.getOrder)).toBe(true);
    const shipped = (got.body as Obj).order;
    expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(shipped.packages).toBeUndefined();
    expect(shipped.lastUpdatedTime).toBe(new Date(shippedAt).toISOString().replace('.000', ''));
    for (const it of shipped.orderItems) expect(it.fulfillment).toMatchObject({ quantityFulfilled: it.quantityOrdered, quantityUnfulfilled: 0 });
  });

  it('reads and sets the stock through the admin API', async () => {
    const bad = await admin('PUT', `/fba/inventory/${eu}/US`, { items: [{ sellerSku: 'X', fulfillable: 1 }] });
    expect([bad.status, (bad.body as Obj).error]).toEqual([400, 'BAD_POOL']);
    expect((await admin('PUT', `/fba/inventory/${eu}/EU`, { items: [{ sellerSku: 'X', fulfillable: -1 }] })).status).toBe(400);
    const set = await admin('PUT', `/fba/inventory/${eu}/UK`, { items: [{ sellerSku: 'UK-ONLY', fulfillable: 5, unfulfillable: { defective: 2 } }] });
    expect((set.body as Obj).items[0]).toMatchObject({ sellerSku: 'UK-ONLY', fulfillable: 5, totalQuantity: 7 });
    const all = (await admin('GET', `/fba/inventory/${eu}`)).body as Obj;
    expect(Object.keys(all.pools)).toEqual(['EU', 'UK']);
    expect(all.pools.UK.map((r: Obj) => r.sellerSku)).toContain('UK-ONLY');
    expect(all.pools.EU.map((r: Obj) => r.sellerSku)).not.toContain('UK-ONLY');
    expect((await admin('GET', '/fba/inventory/NOPE')).status).toBe(404);
  });

  it('enforces the usage plan (2/s, burst 2) with real 429s; /_sandbox/calls counts the operation', async () => {
    clock += 10_000;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await call(sb.port, { path: `/fba/inventory/v1/summaries?${market(DE)}`, host: EU_HOST, token: euToken })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
    const op = ((await admin('GET', '/calls')).body as Obj).operations.find((o: Obj) => o.operation === 'getInventorySummaries' && o.sellerId === eu);
    expect(op.throttled).toBe(1);
    expect(op.byStatus['200']).toBeGreaterThan(10);
  });
});
