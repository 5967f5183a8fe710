import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeBackendSettings, privacySettings } from '../../core/backend/settings/index.ts';
import { PermanentError } from '../../core/errors.ts';
import { createMetrics } from '../../observability/metrics.ts';
import type { ApiDeps } from '../deps.ts';
import type { MappingsApi } from '../mapping-deps.ts';
import { buildApi, type Api } from '../server.ts';
import { standInServices } from '../testing/stand-in-services.ts';

const TOKEN = 'mapping-routes-token';
const auth = { authorization: `Bearer ${TOKEN}` };
const calls: unknown[][] = [];
const stored = { id: 7, flow: 'orders', target: 'sale.order', erpField: 'note', source: { kind: 'constant' as const, value: 'x' }, transforms: [], onlyCreate: false, enabled: true, position: 0 };

// The service is our own code: the HTTP layer is tested over a recording stand-in.
const mappings: MappingsApi = {
  flows: () => [{ flow: 'orders', description: 'orders', targets: [{ target: 'sale.order', erpModel: 'sale.order', description: 'header' }] }],
  list: async (...a) => (calls.push(['list', ...a]), [stored]),
  create: async (...a) => {
    calls.push(['create', ...a]);
    if ((a[2] as { erpField?: string }).erpField === 'Bad') {
      throw new PermanentError('MAPPING_RULE_INVALID', 'invalid mapping rule', { problems: [{ field: '/erpField', message: 'not an ERP field name' }] });
    }
    return stored;
  },
  update: async (...a) => (calls.push(['update', ...a]), stored),
  remove: async (...a) => {
    calls.push(['remove', ...a]);
    if (a[2] !== 7) throw new PermanentError('NOT_FOUND', 'no such row');
  },
  erpFields: async (...a) => (calls.push(['fields', ...a]), { target: 'sale.order', erpModel: 'sale.order', fields: [{ name: 'x_po', label: 'PO', type: 'char', required: false, readonly: false, relation: null, selection: null, custom: true }] }),
  preview: async (...a) => (calls.push(['preview', ...a]), { record: { key: 'A-1', updatedAt: '2026-01-01T00:00:00Z' }, complete: true, targets: [], mapperProblems: [], ruleProblems: [] }),
  lookupTables: async () => [{ name: 'team_by_marketplace', entries: 2, description: null }],
  lookupEntries: async (...a) => (calls.push(['entries', ...a]), { items: [{ key: 'A', value: 1 }], nextCursor: null }),
  putLookupEntries: async (...a) => (calls.push(['put', ...a]), a[2].length),
  removeLookupEntry: async (_b, _t, key) => key === 'A',
};

let app: Api;
beforeAll(async () => {
  const deps: ApiDeps = { version: 'test', metrics: createMetrics({ defaults: false }), settings: composeBackendSettings([privacySettings]), flows: [], ...standInServices([]), mappings };
  app = await buildApi(deps, { adminToken: TOKEN, logLevel: 'silent' });
});
afterAll(() => app.close());

const send = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  app.inject({ method, url, headers: auth, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('mapping routes', () => {
  it('lists flows and rows, and hands a row to the service as typed, with the actor', async () => {
    expect((await send('GET', '/api/mapping-flows')).json().items[0].targets[0].target).toBe('sale.order');
    expect((await send('GET', '/api/backends/3/mappings/orders')).json()).toEqual({ items: [stored] });
    const created = await send('POST', '/api/backends/3/mappings/orders', { target: 'sale.order', erpField: 'note' });
    expect(created.statusCode).toBe(201);
    expect(calls.at(-1)).toEqual(['create', 3, 'orders', { target: 'sale.order', erpField: 'note' }, expect.any(String)]);
  });

  it("refuses an invalid row with the service's MAPPING_RULE_INVALID and its problems", async () => {
    const r = await send('POST', '/api/backends/3/mappings/orders', { erpField: 'Bad' });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'MAPPING_RULE_INVALID', details: { problems: [{ field: '/erpField' }] } });
  });

  it('checks path parameters and bodies at the boundary', async () => {
    expect((await send('GET', '/api/backends/3/mappings/Orders!')).statusCode).toBe(400);
    expect((await send('PUT', '/api/backends/3/mappings/orders/x', {})).statusCode).toBe(400);
    expect((await send('POST', '/api/backends/3/mappings/orders', [1])).statusCode).toBe(400);
    expect((await send('POST', '/api/backends/3/mappings/orders/preview', { rules: 'x' })).statusCode).toBe(400);
    expect((await send('POST', '/api/backends/3/mappings/orders/preview', { rules: [], extra: 1 })).statusCode).toBe(400);
    expect((await send('PUT', '/api/backends/3/lookups/t', { entries: [] })).statusCode).toBe(400);
    expect((await send('GET', '/api/backends/3/lookups/Bad-Name')).statusCode).toBe(400);
  });

  it('replaces, deletes (404 for a row not there) and previews', async () => {
    expect((await send('PUT', '/api/backends/3/mappings/orders/7', { enabled: false })).statusCode).toBe(200);
    expect(calls.at(-1)).toEqual(['update', 3, 'orders', 7, { enabled: false }, expect.any(String)]);
    expect((await send('DELETE', '/api/backends/3/mappings/orders/7')).statusCode).toBe(204);
    expect((await send('DELETE', '/api/backends/3/mappings/orders/8')).json().code).toBe('NOT_FOUND');
    const p = await send('POST', '/api/backends/3/mappings/orders/preview', { rules: [{ a: 1 }], amazonOrderId: 'A-1', creating: false });
    expect(p.json().record.key).toBe('A-1');
    expect(calls.at(-1)).toEqual(['preview', 3, 'orders', { rules: [{ a: 1 }], amazonOrderId: 'A-1', creating: false }]);
  });

  it('lists ERP fields (fresh on demand) and edits lookup entries', async () => {
    expect((await send('GET', '/api/backends/3/mappings/orders/targets/sale.order/fields?fresh=true')).json().fields[0].custom).toBe(true);
    expect(calls.at(-1)).toEqual(['fields', 3, 'orders', 'sale.order', true]);
    expect((await send('GET', '/api/backends/3/lookups')).json().items[0].name).toBe('team_by_marketplace');
    await send('GET', '/api/backends/3/lookups/team_by_marketplace?prefix=A&limit=5');
    expect(calls.at(-1)).toEqual(['entries', 3, 'team_by_marketplace', { limit: 5, prefix: 'A' }]);
    expect((await send('PUT', '/api/backends/3/lookups/team_by_marketplace', { entries: [{ key: 'A', value: { teamId: 4 } }] })).json()).toEqual({ count: 1 });
    expect((await send('DELETE', '/api/backends/3/lookups/team_by_marketplace/A')).statusCode).toBe(204);
    expect((await send('DELETE', '/api/backends/3/lookups/team_by_marketplace/B')).statusCode).toBe(404);
  });

  it('asks for credentials on every route', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/backends/3/mappings/orders/preview', payload: { rules: [] } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/mapping-flows' })).statusCode).toBe(401);
  });
});
