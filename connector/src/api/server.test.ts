import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../observability/metrics.ts';
import type { ApiDeps } from './deps.ts';
import { buildApi, type Api } from './server.ts';
import { openApiDocument } from './openapi.ts';

const TOKEN = 'test-admin-token';
let app: Api;
const calls: string[] = [];

// Services are our own code: a unit test may stand them in to test the HTTP layer alone.
const deps: ApiDeps = {
  version: 'test',
  metrics: createMetrics({ defaults: false }),
  pingDatabase: async () => true,
  backends: {
    list: async () => [],
    get: async () => null,
    create: async () => {
      throw new Error('not in this test');
    },
    updateSettings: async () => null,
    runSetup: async () => ({ ok: true, created: [], found: [], problems: [] }),
    requestSweep: async (id) => {
      calls.push(`sweep:${id}`);
      return { queued: true };
    },
  },
  orders: {
    list: async (backendId, q) => {
      calls.push(`orders:${backendId}:${q.limit}:${q.state ?? ''}`);
      return { items: [], nextCursor: null };
    },
    get: async () => null,
    resync: async () => ({ queued: true, runId: 1, correlationId: 'c1' }),
  },
  conflicts: { list: async () => ({ items: [], nextCursor: null }), get: async () => null, resolve: async () => null },
  runs: { list: async () => ({ items: [], nextCursor: null }), get: async () => null },
  backendLifecycle: { setEnabled: async () => null, remove: async () => false },
  auditLog: { list: async () => ({ items: [], nextCursor: null }) },
};

beforeAll(async () => {
  app = await buildApi(deps, { adminToken: TOKEN, logLevel: 'silent' });
});
afterAll(() => app.close());

const auth = { authorization: `Bearer ${TOKEN}` };

describe('connector API', () => {
  it('answers /health and /metrics without a token', async () => {
    const h = await app.inject({ url: '/health' });
    expect(h.statusCode).toBe(200);
    expect(h.json()).toEqual({ status: 'ok', database: 'up', version: 'test' });
    deps.metrics.ordersImported.inc({ backend: '1' }, 3);
    const m = await app.inject({ url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('aec_orders_imported_total{backend="1"} 3');
  });

  it('refuses /api without the admin token, with a stable code', async () => {
    const r = await app.inject({ url: '/api/backends' });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('UNAUTHORIZED');
    const wrong = await app.inject({ url: '/api/backends', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

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
    const doc = (await openApiDocument()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/audit-log',
      '/api/backends',
      '/api/backends/{id}',
      '/api/backends/{id}/disable',
      '/api/backends/{id}/enable',
      '/api/backends/{id}/orders',
      '/api/backends/{id}/orders/{orderId}',
      '/api/backends/{id}/orders/{orderId}/resync',
      '/api/backends/{id}/setup',
      '/api/backends/{id}/sweep',
      '/api/conflicts',
      '/api/conflicts/{id}',
      '/api/conflicts/{id}/resolve',
      '/api/sync-runs',
      '/api/sync-runs/{id}',
      '/health',
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

  it('answers 404 for lifecycle routes of a backend that is not there', async () => {
    for (const [method, url] of [['POST', '/api/backends/5/disable'], ['POST', '/api/backends/5/enable'], ['DELETE', '/api/backends/5']] as const) {
      const r = await app.inject({ method, url, headers: auth });
      expect(r.statusCode, url).toBe(404);
    }
    expect((await app.inject({ url: '/api/audit-log?backendId=1', headers: auth })).json()).toEqual({ items: [], nextCursor: null });
  });
});
