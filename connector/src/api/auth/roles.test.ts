import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Api } from '../server.ts';
import type { ApiDeps } from '../deps.ts';
import { adminAuth, panelApi, sessionAuth } from '../../app/testing/panel-api.ts';

let app: Api;
const calls: string[] = [];
// Two open conflicts: 1 a money one (TOTAL_MISMATCH), 2 an unknown SKU; the stand-in resolve records the call.
const codes: Record<number, string> = { 1: 'TOTAL_MISMATCH', 2: 'SKU_UNMAPPED', 3: 'ORDER_EDITED_IN_ERP', 4: 'PRODUCT_ARCHIVED' };
const conflicts = {
  list: async () => ({ items: [], nextCursor: null }),
  get: async (id: number) => (codes[id] ? ({ id, code: codes[id] } as never) : null),
  resolve: async (id: number) => (calls.push(`resolve:${id}`), null),
  resolveMany: async (body: { action: string; codes?: string[] }) => (calls.push(`resolveMany:${body.codes?.join(',')}`), { action: body.action, dryRun: false, count: 0, byCode: {} }),
} as unknown as ApiDeps['conflicts'];

beforeAll(async () => {
  app = await panelApi({ calls, services: { conflicts } });
  await app.ready();
});
afterAll(() => app.close());

/** A request to every registered route: `:params` filled with 1, the wildcard with a name. */
const urlOf = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace('*', 'x');
// Refreshing a session is no change of data: any signed-in role may, the admin token has no session to refresh.
const routes = () => app.routeAccess.filter((r) => r.method !== 'HEAD' && r.access !== 'public' && r.url !== '/api/session/refresh');

describe('roles on every route', () => {
  it('labels every route: reads read, changes write, resolutions resolve, AWS keys admin', () => {
    for (const r of routes()) {
      if (r.method === 'GET') expect(r.access, `${r.method} ${r.url}`).toBe('read');
      else expect(['write', 'resolve', 'admin'], `${r.method} ${r.url}`).toContain(r.access);
    }
    const of = (method: string, url: string) => app.routeAccess.find((r) => r.method === method && r.url === url)?.access;
    expect(of('POST', '/api/conflicts/:id/resolve')).toBe('resolve');
    expect(of('POST', '/api/conflicts/resolve')).toBe('resolve');
    expect(of('PUT', '/api/amazon-notifications')).toBe('admin');
    expect(of('PATCH', '/api/backends/:id')).toBe('write');
    expect(of('PATCH', '/api/backends/:id/connection')).toBe('write');
  });

  it('refuses a viewer every route that is not a read (403 FORBIDDEN_ROLE), and lets it read', async () => {
    const viewer = await sessionAuth('viewer');
    const changes = routes().filter((r) => r.method !== 'GET');
    expect(changes.length).toBeGreaterThan(10);
    for (const r of changes) {
      const res = await app.inject({ method: r.method as 'POST', url: urlOf(r.url), headers: viewer, payload: {} });
      expect(`${r.method} ${r.url} ${res.statusCode} ${res.json().code}`).toBe(`${r.method} ${r.url} 403 FORBIDDEN_ROLE`);
    }
    for (const r of routes().filter((x) => x.method === 'GET')) {
      const res = await app.inject({ url: urlOf(r.url), headers: viewer });
      expect([401, 403], `GET ${r.url}`).not.toContain(res.statusCode);
    }
    for (const url of ['/api/backends', '/api/conflicts', '/api/sync-runs', '/api/audit-log']) expect((await app.inject({ url, headers: viewer })).statusCode, url).toBe(200);
  });

  it('keeps the admin token working on every route, and the integrator on all but the admin-only ones', async () => {
    const integrator = await sessionAuth('integrator');
    for (const r of routes()) {
      const asAdmin = await app.inject({ method: r.method as 'POST', url: urlOf(r.url), headers: adminAuth, payload: {} });
      expect([401, 403], `admin ${r.method} ${r.url}`).not.toContain(asAdmin.statusCode);
      const asIntegrator = await app.inject({ method: r.method as 'POST', url: urlOf(r.url), headers: integrator, payload: {} });
      if (r.access === 'admin') expect(asIntegrator.statusCode, `${r.method} ${r.url}`).toBe(403);
      else expect([401, 403], `integrator ${r.method} ${r.url}`).not.toContain(asIntegrator.statusCode);
    }
  });

  it('lets an accountant resolve a money conflict but not another, nor change anything else', async () => {
    const accountant = await sessionAuth('accountant', 'Eva');
    const resolve = (id: number) => app.inject({ method: 'POST', url: `/api/conflicts/${id}/resolve`, headers: accountant, payload: { action: 'dismiss' } });
    calls.length = 0;
    expect((await resolve(1)).statusCode).toBe(404); // the stand-in service's answer: the check let it through
    expect(calls).toEqual(['resolve:1']);
    const refused = await resolve(2);
    expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN_ROLE']);
    expect(calls).toEqual(['resolve:1']);
    expect((await resolve(99)).statusCode).toBe(404);
    const bulk = (payload: object) => app.inject({ method: 'POST', url: '/api/conflicts/resolve', headers: accountant, payload: { action: 'retry', backendId: 1, ...payload } });
    expect((await bulk({ codes: ['TOTAL_MISMATCH', 'TAX_MISMATCH'] })).statusCode).toBe(200);
    expect((await bulk({ codes: ['TOTAL_MISMATCH', 'SKU_UNMAPPED'] })).json().code).toBe('FORBIDDEN_ROLE');
    expect((await bulk({})).json().code).toBe('FORBIDDEN_ROLE');
    expect(calls).toEqual(['resolve:1', 'resolveMany:TOTAL_MISMATCH,TAX_MISMATCH']);
    expect((await app.inject({ method: 'POST', url: '/api/backends/1/sweep', headers: accountant })).json().code).toBe('FORBIDDEN_ROLE');
  });
});

describe('the orders flow\'s own conflict actions', () => {
  it('take_amazon, keep_erp and activate_and_retry are not money conflicts: an integrator may, an accountant may not', async () => {
    const accountant = await sessionAuth('accountant', 'Eva');
    const integrator = await sessionAuth('integrator', 'Ida');
    const post = (id: number, action: string, headers: Record<string, string>) => app.inject({ method: 'POST', url: `/api/conflicts/${id}/resolve`, headers, payload: { action } });
    calls.length = 0;
    for (const [id, action] of [[3, 'take_amazon'], [3, 'keep_erp'], [4, 'activate_and_retry']] as const) {
      const refused = await post(id, action, accountant);
      expect([refused.statusCode, refused.json().code]).toEqual([403, 'FORBIDDEN_ROLE']);
      expect((await post(id, action, integrator)).statusCode).toBe(404); // the stand-in service's answer: let through
    }
    expect(calls).toEqual(['resolve:3', 'resolve:3', 'resolve:4']);
  });
});

describe('the panel files at /admin/', () => {
  const dist = mkdtempSync(join(tmpdir(), 'aec-admin-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>panel</title>');
  writeFileSync(join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');

  it('serves files and the SPA fallback, each with frame-ancestors naming the ERP origins and no X-Frame-Options', async () => {
    const files = await panelApi({ panel: { distDir: dist, erpOrigins: ['https://erp.example.com', 'http://localhost:8069'] } });
    for (const url of ['/admin/', '/admin/conflicts/12', '/admin/assets/app-1a2b.js', '/admin/nothing.js']) {
      const res = await files.inject({ url });
      expect(res.headers['content-security-policy'], url).toBe('frame-ancestors https://erp.example.com http://localhost:8069');
      expect(res.headers['x-frame-options'], url).toBeUndefined();
    }
    expect((await files.inject({ url: '/admin/conflicts/12' })).body).toContain('<title>panel</title>');
    const asset = await files.inject({ url: '/admin/assets/app-1a2b.js' });
    expect([asset.statusCode, asset.body, asset.headers['cache-control']]).toEqual([200, 'console.log(1)', 'public, max-age=31536000, immutable']);
    expect((await files.inject({ url: '/admin/nothing.js' })).statusCode).toBe(404);
    const escape = await files.inject({ url: '/admin/..%2f..%2fpackage.json' });
    expect([escape.statusCode, escape.body]).toEqual([404, 'no such file in the admin panel']);
    expect((await files.inject({ url: '/admin' })).headers.location).toBe('/admin/');
    await files.close();
  });

  it("answers 503 with what to do while the panel is not built, framed only by 'self' without ERP origins", async () => {
    const none = await panelApi({ panel: { distDir: join(dist, 'missing'), erpOrigins: [] } });
    const res = await none.inject({ url: '/admin/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('not built');
    expect(res.headers['content-security-policy']).toBe("frame-ancestors 'self'");
    await none.close();
  });
});
