/**
 * The API as app/ assembles it (core's routes and every flow's, the composed settings model), over stand-in
 * services: what the flows add is routed, validated, authenticated and documented like core's routes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDeps } from '../api/deps.ts';
import { buildApi, type Api } from '../api/server.ts';
import { createMetrics } from '../observability/metrics.ts';
import { nothing } from '../api/openapi.ts';
import { orderRoutes } from '../sync/orders/api/orders.routes.ts';
import type { OrdersApiService } from '../sync/orders/api/orders.service.ts';
import { apiFlows, apiSettings } from './api-parts.ts';
import { flows } from './flow-list.ts';
import { connectorOpenApiDocument } from './openapi-document.ts';
import { standInServices } from '../api/testing/stand-in-services.ts';

const TOKEN = 'test-admin-token';
let app: Api;
const calls: string[] = [];

// Services are our own code: a unit test may stand them in to test the HTTP layer alone.
/** The order flow's service stood in: the routes are what this test checks. */
const orders: OrdersApiService = {
  list: async (backendId, q) => {
    calls.push(`orders:${backendId}:${q.limit}:${q.state ?? ''}`);
    return { items: [], nextCursor: null };
  },
  get: async () => null,
  resync: async () => ({ queued: true, runId: 1, correlationId: 'c1' }),
};
const withStandIns = flows.map((f) => (f.name === 'orders' ? { ...f, apiRoutes: () => orderRoutes(orders) } : f));

const deps: ApiDeps = {
  version: 'test',
  metrics: createMetrics({ defaults: false }),
  settings: apiSettings,
  flows: apiFlows(nothing, withStandIns),
  ...standInServices(calls),
};

beforeAll(async () => {
  app = await buildApi(deps, { adminToken: TOKEN, logLevel: 'silent' });
});
afterAll(() => app.close());

const auth = { authorization: `Bearer ${TOKEN}` };

describe('the assembled API', () => {
  it('validates input at the boundary and coerces query types', async () => {
    const bad = await app.inject({ url: '/api/backends/0/orders', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_REQUEST');
    const badState = await app.inject({ url: '/api/backends/1/orders?state=lost', headers: auth });
    expect(badState.statusCode).toBe(400);
    const ok = await app.inject({ url: '/api/backends/7/orders?limit=5&state=conflict', headers: auth });
    expect(ok.statusCode).toBe(200);
    expect(calls).toContain('orders:7:5:conflict');
  });

  it('answers unknown things with 404 and a code', async () => {
    expect((await app.inject({ url: '/api/backends/3', headers: auth })).json()).toEqual({
      code: 'NOT_FOUND',
      message: 'backend 3 does not exist',
    });
    expect((await app.inject({ url: '/nowhere' })).json().code).toBe('NOT_FOUND');
  });

  it('documents every route in the OpenAPI document', async () => {
    const doc = (await connectorOpenApiDocument()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/amazon/oauth/callback',
      '/api/amazon-notifications',
      '/api/audit-log',
      '/api/backends',
      '/api/backends/{id}',
      '/api/backends/{id}/account-health/alerts',
      '/api/backends/{id}/account-health/history',
      '/api/backends/{id}/account-health/indicators',
      '/api/backends/{id}/amazon-authorization',
      '/api/backends/{id}/amazon-authorization/{stateRef}/complete',
      '/api/backends/{id}/care/activities',
      '/api/backends/{id}/connection',
      '/api/backends/{id}/credentials/amazon',
      '/api/backends/{id}/disable',
      '/api/backends/{id}/enable',
      '/api/backends/{id}/erp-changes',
      '/api/backends/{id}/erp-choices/{kind}',
      '/api/backends/{id}/erp-products',
      '/api/backends/{id}/erp-webhook/rotate',
      '/api/backends/{id}/fba-returns/claim-candidates',
      '/api/backends/{id}/fba-stock',
      '/api/backends/{id}/fba-stock/drift',
      '/api/backends/{id}/fba-stock/drift/{driftId}/apply',
      '/api/backends/{id}/fba-stock/pools/{pool}/apply',
      '/api/backends/{id}/fba-stock/pools/{pool}/snapshot',
      '/api/backends/{id}/feeds',
      '/api/backends/{id}/invoices',
      '/api/backends/{id}/labels/batches',
      '/api/backends/{id}/labels/batches/{batchId}',
      '/api/backends/{id}/labels/{pickingId}/void',
      '/api/backends/{id}/lookups',
      '/api/backends/{id}/lookups/{table}',
      '/api/backends/{id}/lookups/{table}/{key}',
      '/api/backends/{id}/mappings/{flow}',
      '/api/backends/{id}/mappings/{flow}/preview',
      '/api/backends/{id}/mappings/{flow}/targets/{target}/fields',
      '/api/backends/{id}/mappings/{flow}/{ruleId}',
      '/api/backends/{id}/marketplace-settings',
      '/api/backends/{id}/marketplace-settings/carriers',
      '/api/backends/{id}/marketplace-settings/fiscal-positions',
      '/api/backends/{id}/marketplace-settings/marketplaces/{marketplaceId}',
      '/api/backends/{id}/marketplace-settings/taxes',
      '/api/backends/{id}/merchant-stock/offers',
      '/api/backends/{id}/merchant-stock/resync',
      '/api/backends/{id}/orders',
      '/api/backends/{id}/orders/{amazonOrderId}/messages',
      '/api/backends/{id}/orders/{amazonOrderId}/messages/allowed',
      '/api/backends/{id}/orders/{orderId}',
      '/api/backends/{id}/orders/{orderId}/history',
      '/api/backends/{id}/orders/{orderId}/resync',
      '/api/backends/{id}/overview',
      '/api/backends/{id}/reorder-advice', '/api/backends/{id}/reorder-advice/push',
      '/api/backends/{id}/reports',
      '/api/backends/{id}/review-requests',
      '/api/backends/{id}/settlements',
      '/api/backends/{id}/settlements/orders/{amazonOrderId}/money-trail',
      '/api/backends/{id}/settlements/payouts',
      '/api/backends/{id}/settlements/variances',
      '/api/backends/{id}/settlements/variances/{varianceKey}/accept',
      '/api/backends/{id}/settlements/{settlementId}/lines',
      '/api/backends/{id}/settlements/{settlementId}/post',
      '/api/backends/{id}/settlements/{settlementId}/posting',
      '/api/backends/{id}/settlements/{settlementId}/reconciliation',
      '/api/backends/{id}/setup',
      '/api/backends/{id}/setup/fixes/{fixId}',
      '/api/backends/{id}/shipments/at-risk',
      '/api/backends/{id}/skus',
      '/api/backends/{id}/skus.csv',
      '/api/backends/{id}/skus/auto-match',
      '/api/backends/{id}/skus/import',
      '/api/backends/{id}/skus/{sku}',
      '/api/backends/{id}/sweep',
      '/api/backends/{id}/test-connection',
      '/api/conflicts',
      '/api/conflicts/facets',
      '/api/conflicts/resolve',
      '/api/conflicts/{id}',
      '/api/conflicts/{id}/resolve',
      '/api/connections/test',
      '/api/mapping-flows',
      '/api/session',
      '/api/session/config',
      '/api/session/exchange',
      '/api/session/login',
      '/api/session/refresh',
      '/api/sync-runs',
      '/api/sync-runs/{id}',
      '/health',
      '/inbound/erp/{backendId}/{secret}',
      '/metrics',
    ]);
  });
});

describe('settings and lifecycle routes', () => {
  it('refuses an unknown settings key and a value out of bounds at the boundary, naming them', async () => {
    const unknown = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { orders: { colour: 'red' } } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('colour');
    const flat = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { batchSize: 7 } } });
    expect(flat.statusCode).toBe(400);
    expect(flat.body).toContain('batchSize');
    const huge = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { orders: { sweepIntervalSeconds: 1e9 } } } });
    expect(huge.statusCode).toBe(400);
    const page = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { orders: { pageSize: 1_000_000 } } } });
    expect(page.statusCode).toBe(400);
  });
});

describe("the flows' part of the document and of the access check", () => {
  it('names every schema (no anonymous def-N), the flows\' and the settings model\'s included', async () => {
    const doc = (await connectorOpenApiDocument()) as { components: { schemas: Record<string, unknown> } };
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(['ErrorBody', 'Backend', 'BackendSettings', 'Order', 'OrderPage']));
    expect(names.filter((n) => /^def-/.test(n))).toEqual([]);
  });

  it("covers the order flow's routes with the access check (default deny): reads read, the resync write", async () => {
    const own = app.routeAccess.filter((r) => r.url.includes('/orders'));
    expect(own.length).toBeGreaterThanOrEqual(3);
    expect(own.every((r) => r.access === (r.method === 'GET' || r.method === 'HEAD' ? 'read' : 'write'))).toBe(true);
    expect((await app.inject({ url: '/api/backends/7/orders' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'POST', url: '/api/backends/7/orders/A-1/resync' })).statusCode).toBe(401);
  });
});
