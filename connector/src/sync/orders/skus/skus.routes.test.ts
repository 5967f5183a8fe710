/** The SKU and marketplace routes over stand-in services (services are our own code): what the HTTP layer checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../../../api/deps.ts';
import { buildApi, type Api } from '../../../api/server.ts';
import { nothing } from '../../../api/openapi.ts';
import { standInServices } from '../../../api/testing/stand-in-services.ts';
import { createMetrics } from '../../../observability/metrics.ts';
import { apiFlows, apiSettings } from '../../../app/api-parts.ts';
import { flows } from '../../../app/flow-list.ts';
import { marketplaceRoutes } from '../marketplaces/marketplaces.routes.ts';
import type { MarketplacesApiService } from '../marketplaces/marketplaces.service.ts';
import { skuRoutes } from './skus.routes.ts';
import type { SkusApiService } from './skus.service.ts';

const calls: string[] = [];
const view = { sku: 'A', asin: null, title: null, lastOrderId: null, lastSeenAt: '2026-12-01T00:00:00.000Z', product: { id: 3, name: 'Mug' }, matchedBy: 'hand' as const, waitingOrders: 0 };
const skus: SkusApiService = {
  list: async (id, q) => (calls.push(`list:${id}:${q.filter ?? ''}:${q.q ?? ''}:${q.limit}`), { items: [view], nextCursor: null }),
  map: async (id, sku, productId, actor) => (calls.push(`map:${id}:${sku}:${productId}:${actor}`), { sku: view, retried: 2 }),
  unmap: async (id, sku) => void calls.push(`unmap:${id}:${sku}`),
  autoMatch: async () => ({ matched: [], ambiguous: [], unmatched: 0, retried: 0 }),
  searchProducts: async (id, q, limit) => (calls.push(`search:${q}:${limit}`), []),
  exportCsv: async () => 'sku,product_id\nA,3\n',
  importCsv: async (id, text) => (calls.push(`import:${JSON.stringify(text)}`), { mapped: 0, failed: 0, retried: 0, rows: [] }),
};
const market: MarketplacesApiService = {
  get: async () => ({ marketplaces: [], taxes: [], fiscalPositions: [], carriers: [], carrierSupport: 'ok', customerStrategy: 'per_order' }),
  putMarketplace: async (id, m, v) => (calls.push(`market:${m}:${v.teamId}`), market.get(id)),
  putTax: async (id, row) => (calls.push(`tax:${row.regime}|${row.country}|${row.rate}`), market.get(id)),
  removeTax: async (id) => market.get(id),
  putFiscalPosition: async (id, row) => (calls.push(`fiscal:${row.regime}|${row.country}|${row.marketplaceId ?? '*'}`), market.get(id)),
  removeFiscalPosition: async (id) => market.get(id),
  putCarrier: async (id, row) => (calls.push(`carrier:${row.serviceLevel}|${row.marketplaceId ?? 'any'}:${row.carrierId}`), market.get(id)),
  removeCarrier: async (id, row) => (calls.push(`uncarrier:${row.serviceLevel}|${row.marketplaceId ?? 'any'}`), market.get(id)),
  choices: async (id, kind) => (calls.push(`choices:${kind}`), [{ id: 1, name: 'WH', detail: 'WH' }]),
};
const withStandIns = flows.map((f) => (f.name === 'orders' ? { ...f, apiRoutes: () => async (app: Parameters<ReturnType<typeof skuRoutes>>[0]) => {
  await app.register(skuRoutes(skus));
  await app.register(marketplaceRoutes(market));
} } : f));
const deps: ApiDeps = { version: 'test', metrics: createMetrics({ defaults: false }), settings: apiSettings, flows: apiFlows(nothing, withStandIns), ...standInServices(calls) };
const auth = { authorization: 'Bearer t0ken-for-tests-long' };
let app: Api;
beforeAll(async () => {
  app = await buildApi(deps, { adminToken: 't0ken-for-tests-long', logLevel: 'silent' });
});
afterAll(() => app.close());

describe('SKU and marketplace routes', () => {
  it('lists with search, filter and paging checked; maps by hand with the caller as actor', async () => {
    expect((await app.inject({ url: '/api/backends/4/skus?filter=unmatched&q=mug&limit=7', headers: auth })).statusCode).toBe(200);
    expect(calls).toContain('list:4:unmatched:mug:7');
    expect((await app.inject({ url: '/api/backends/4/skus?filter=odd', headers: auth })).json().code).toBe('BAD_REQUEST');
    const put = await app.inject({ method: 'PUT', url: '/api/backends/4/skus/MUG%20RED', headers: auth, payload: { productId: 3 } });
    expect(put.json()).toMatchObject({ retried: 2 });
    expect(calls).toContain('map:4:MUG RED:3:admin-token');
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/skus/X', headers: auth, payload: { productId: 0 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: `/api/backends/4/skus/${'x'.repeat(41)}`, headers: auth, payload: { productId: 1 } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/api/backends/4/skus/X', headers: auth })).statusCode).toBe(204);
    expect((await app.inject({ url: '/api/backends/4/erp-products?q=mug', headers: auth })).statusCode).toBe(200);
    expect(calls).toContain('search:mug:20');
  });

  it('takes the import as text/csv only, and serves the export as a CSV attachment', async () => {
    const ok = await app.inject({ method: 'POST', url: '/api/backends/4/skus/import', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'sku,product_id\nA,3\n' });
    expect(ok.statusCode).toBe(200);
    expect(calls).toContain(`import:${JSON.stringify('sku,product_id\nA,3\n')}`);
    const asJson = await app.inject({ method: 'POST', url: '/api/backends/4/skus/import', headers: auth, payload: { sku: 'A' } });
    expect(asJson.statusCode).toBe(400);
    const csv = await app.inject({ url: '/api/backends/4/skus.csv', headers: auth });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('skus-4.csv');
    expect(csv.body).toBe('sku,product_id\nA,3\n');
    // Only this plugin reads CSV: the rest of the API still refuses it.
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/skus/A', headers: { ...auth, 'content-type': 'text/csv' }, payload: 'x' })).statusCode).toBe(400);
  });

  it('validates marketplace rows and the kinds of ERP choices', async () => {
    const row = { warehouseId: 1, pricelistId: 2, teamId: 3, currencyCode: 'EUR' };
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/marketplaces/A1PA6795UKMFR9', headers: auth, payload: row })).statusCode).toBe(200);
    expect(calls).toContain('market:A1PA6795UKMFR9:3');
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/marketplaces/A1PA6795UKMFR9', headers: auth, payload: { ...row, currencyCode: 'eur' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/taxes', headers: auth, payload: { regime: 'oss', country: 'FR', rate: '5.5', taxId: 9, priceIncluded: true } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/taxes', headers: auth, payload: { regime: 'oss', country: 'FR', rate: '5,5', taxId: 9, priceIncluded: true } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/taxes', headers: auth, payload: { regime: 'oss', country: 'FR', rate: '20', marketplaceId: 'A13V1IB3VIYZZH', taxId: 9, priceIncluded: true } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/taxes', headers: auth, payload: { regime: 'oss', country: 'FR', rate: '20', marketplaceId: 'amazon.fr', taxId: 9, priceIncluded: true } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/fiscal-positions', headers: auth, payload: { regime: 'oss', country: 'FR', marketplaceId: null, fiscalPositionId: null } })).statusCode).toBe(200);
    expect(calls).toContain('fiscal:oss|FR|*');
    expect((await app.inject({ method: 'DELETE', url: '/api/backends/4/marketplace-settings/fiscal-positions?regime=oss&country=FR', headers: auth })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/backends/4/erp-choices/carriers', headers: auth })).json()).toEqual([{ id: 1, name: 'WH', detail: 'WH' }]);
    expect((await app.inject({ url: '/api/backends/4/erp-choices/users', headers: auth })).statusCode).toBe(400);
    expect((await app.inject({ url: '/api/backends/4/erp-choices/carriers' })).statusCode).toBe(401);
  });

  it('validates carrier rows: a known service level or *, a marketplace id or none, a carrier id', async () => {
    const put = (payload: Record<string, unknown>) => app.inject({ method: 'PUT', url: '/api/backends/4/marketplace-settings/carriers', headers: auth, payload });
    expect((await put({ serviceLevel: 'NEXT_DAY', marketplaceId: 'A1PA6795UKMFR9', carrierId: 7 })).statusCode).toBe(200);
    expect((await put({ serviceLevel: '*', carrierId: 8 })).statusCode).toBe(200);
    expect(calls).toEqual(expect.arrayContaining(['carrier:NEXT_DAY|A1PA6795UKMFR9:7', 'carrier:*|any:8']));
    const bad = await put({ serviceLevel: 'WARP_SPEED', carrierId: 7 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: expect.any(String) });
    expect((await put({ serviceLevel: 'STANDARD', carrierId: 0 })).statusCode).toBe(400);
    expect((await put({ serviceLevel: 'STANDARD', carrierId: 7, extra: 1 })).statusCode).toBe(400);
    expect((await app.inject({ method: 'DELETE', url: '/api/backends/4/marketplace-settings/carriers?serviceLevel=STANDARD', headers: auth })).statusCode).toBe(200);
    expect(calls).toContain('uncarrier:STANDARD|any');
    expect((await app.inject({ method: 'DELETE', url: '/api/backends/4/marketplace-settings/carriers?serviceLevel=STANDARD' })).statusCode).toBe(401);
  });
});
