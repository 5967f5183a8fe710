import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBackendSettings, defineSettingsNamespace, privacySettings } from '../core/backend/settings/index.ts';
import { ConflictError } from '../core/errors.ts';
import { createMetrics } from '../observability/metrics.ts';
import type { ApiFlow } from './api-parts.ts';
import type { ApiDeps } from './deps.ts';
import { buildApi, type Api } from './server.ts';
import { openApiDocument } from './openapi.ts';
import { standInServices } from './testing/stand-in-services.ts';

const TOKEN = 'test-admin-token';
let app: Api;
const calls: string[] = [];

/** A flow of this test only: one route that answers, one that throws the flow's own code. */
const widgetRoutes: FastifyPluginAsync = async (app) => {
  app.get('/widgets', { config: { access: 'admin' }, schema: { tags: ['widgets'], response: { 200: Type.Object({ n: Type.Integer() }) } } }, async () => {
    calls.push('widgets');
    return { n: 1 };
  });
  app.post('/widgets/bend', { config: { access: 'admin' }, schema: { tags: ['widgets'] } }, async () => {
    // A flow's code, unknown to core's type: the flow's declaration would register it (see core/errors.ts).
    throw new ConflictError('WIDGET_BENT' as never, 'the widget is bent');
  });
};
const widgets: ApiFlow = {
  name: 'widgets',
  routes: widgetRoutes,
  errorCodes: [{ code: 'WIDGET_BENT', status: 422, description: 'the widget is bent beyond use' }],
};
const widgetSettings = defineSettingsNamespace({
  name: 'widgets',
  description: 'the widget flow',
  properties: { batchSize: Type.Integer({ minimum: 1, maximum: 100, default: 10 }) },
});

// Services are our own code: a unit test may stand them in to test the HTTP layer alone.
const deps: ApiDeps = {
  version: 'test',
  metrics: createMetrics({ defaults: false }),
  settings: composeBackendSettings([privacySettings, widgetSettings]),
  flows: [widgets],
  ...standInServices(calls),
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
    expect(h.json()).toEqual({ status: 'ok', database: 'up', version: 'test', backends: [] });
    deps.metrics.recordsSynced.inc({ backend: '1', flow: 'orders' }, 3);
    const m = await app.inject({ url: '/metrics' });
    expect(m.statusCode).toBe(200);
    expect(m.body).toContain('aec_records_synced_total{backend="1",flow="orders"} 3');
  });

  it('refuses /api without the admin token, with a stable code', async () => {
    const r = await app.inject({ url: '/api/backends' });
    expect(r.statusCode).toBe(401);
    expect(r.json().code).toBe('UNAUTHORIZED');
    const wrong = await app.inject({ url: '/api/backends', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('validates input at the boundary', async () => {
    const bad = await app.inject({ url: '/api/backends/0', headers: auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('BAD_REQUEST');
  });

  it("passes the set-up's consent option through, with or without a body, and refuses a malformed one", async () => {
    const post = (payload?: unknown) =>
      app.inject({ method: 'POST', url: '/api/backends/4/setup', headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });
    expect((await post()).statusCode).toBe(200);
    expect((await post({ createMissing: true })).statusCode).toBe(200);
    expect(calls.filter((c) => c.startsWith('setup:4:'))).toEqual(['setup:4:{}', 'setup:4:{"createMissing":true}']);
    const bad = await post({ createMissing: 'yes' });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'BAD_REQUEST']);
    expect((await post({ create: true })).statusCode).toBe(400);
  });

  it('answers unknown things with 404 and a code', async () => {
    expect((await app.inject({ url: '/api/backends/3', headers: auth })).json()).toEqual({
      code: 'NOT_FOUND',
      message: 'backend 3 does not exist',
    });
    expect((await app.inject({ url: '/nowhere' })).json().code).toBe('NOT_FOUND');
  });
});

describe("a flow's routes and codes", () => {
  it('mounts them under /api behind the same access check as every route', async () => {
    expect((await app.inject({ url: '/api/widgets' })).statusCode).toBe(401);
    const ok = await app.inject({ url: '/api/widgets', headers: auth });
    expect(ok.json()).toEqual({ n: 1 });
    expect(app.routeAccess).toContainEqual({ method: 'GET', url: '/api/widgets', access: 'admin' });
  });

  it("answers the flow's code with the status the flow declared", async () => {
    const r = await app.inject({ method: 'POST', url: '/api/widgets/bend', headers: auth });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toEqual({ code: 'WIDGET_BENT', message: 'the widget is bent' });
  });

  it('refuses to start with a flow route that declares no access, or a code declared twice', async () => {
    const open: ApiFlow = { name: 'open', routes: async (a) => void a.get('/open', async () => 'x') };
    await expect(buildApi({ ...deps, flows: [open] }, { adminToken: TOKEN, logLevel: 'silent' }).then((a) => a.ready())).rejects.toThrow(/declares no config.access/);
    await expect(buildApi({ ...deps, flows: [widgets, { ...widgets, name: 'gadgets', routes: undefined }] }, { adminToken: TOKEN, logLevel: 'silent' })).rejects.toThrow(
      /WIDGET_BENT is declared by both widgets and gadgets/,
    );
  });

  it("documents the flow's routes, its codes and the settings model with names", async () => {
    const doc = (await openApiDocument({ settings: deps.settings, flows: [widgets] })) as {
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }> };
    };
    expect(Object.keys(doc.paths)).toContain('/api/widgets');
    expect(doc.components.schemas.ErrorBody!.properties!.code!.enum).toContain('WIDGET_BENT');
    expect(Object.keys(doc.components.schemas.BackendSettings!.properties!).sort()).toEqual(['privacy', 'widgets']);
    expect(Object.keys(doc.components.schemas).filter((n) => /^def-/.test(n))).toEqual([]);
  });
});

describe('settings and lifecycle routes', () => {
  it('refuses an unknown settings key and a value out of bounds at the boundary, naming them', async () => {
    const unknown = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { widgets: { colour: 'red' } } } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('colour');
    const huge = await app.inject({ method: 'PATCH', url: '/api/backends/1', headers: auth, payload: { settings: { widgets: { batchSize: 1e9 } } } });
    expect(huge.statusCode).toBe(400);
  });

  it('answers 404 for lifecycle routes of a backend that is not there', async () => {
    for (const [method, url] of [['POST', '/api/backends/5/disable'], ['POST', '/api/backends/5/enable'], ['DELETE', '/api/backends/5']] as const) {
      const r = await app.inject({ method, url, headers: auth });
      expect(r.statusCode, url).toBe(404);
    }
    expect((await app.inject({ url: '/api/audit-log?backendId=1', headers: auth })).json()).toEqual({ items: [], nextCursor: null });
  });
});
