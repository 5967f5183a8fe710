/**
 * Every bad input gets a 4xx with a stable code of the catalogue, over a listening server and a real database:
 * ids beyond PostgreSQL's ranges, impossible and forged cursors, NUL characters, a duplicate backend name (and
 * no INSERT in the log), coerced numbers (`3.9`, `true`, `+1`, ` 1`), Fastify's own refusals under our codes, a
 * `__proto__` body, enum errors naming the allowed values, one status for one bad name. Nothing is changed by a
 * refused request.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { errorCatalogue } from '../connector/src/app/api-parts.ts';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';

interface ErrorAnswer {
  code: string;
  message: string;
  details?: { problems?: Array<{ in: string; field: string; message: string }> };
}

describe('API: a 4xx with a stable code for every bad input', () => {
  let f: ApiFixture;
  let before: string;
  beforeAll(async () => {
    f = await startApiFixture(inject('pgAdminUrl'), 'api_bad_input');
    before = await f.digest();
  });
  afterAll(() => f?.close());

  const expectError = async (method: string, path: string, status: number, code: string, body?: unknown, rawBody?: string) => {
    const r = await f.api.send<ErrorAnswer>(method, path, body, rawBody !== undefined ? { rawBody } : {});
    expect({ status: r.status, code: r.body.code }, `${method} ${path} -> ${r.text.slice(0, 300)}`).toEqual({ status, code });
    // One shape for every error, with a code of the catalogue at the catalogue's status.
    expect(Object.keys(r.body).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    expect(errorCatalogue.entries[r.body.code]?.status).toBe(status);
    expect(r.text).not.toMatch(/FST_|insert into|select |stack/i);
    return r.body;
  };

  it('refuses ids beyond PostgreSQL integer range and forged cursors with 400, never 500', async () => {
    const b = f.ids.backend;
    await expectError('GET', '/api/backends/2147483648/orders', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/backends/2147483648', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/conflicts/99999999999999999999999', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/sync-runs/99999999999999999999999', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/conflicts?backendId=2147483648', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/sync-runs?backendId=2147483648', 400, 'BAD_REQUEST');
    for (const cursor of ['9223372036854775808', '99999999999999999999', 'abc', '-1', '0', '1.5']) {
      await expectError('GET', `/api/conflicts?cursor=${cursor}`, 400, 'CURSOR_INVALID');
      await expectError('GET', `/api/sync-runs?cursor=${cursor}`, 400, 'CURSOR_INVALID');
    }
    const forged = [
      'MjAyMHwx', // "2020|1": a date PostgreSQL cannot read
      Buffer.from('2026-13-45T99:99:99.000Z|1').toString('base64url'),
      Buffer.from('2026-01-01T00:00:00.000Z|9223372036854775808').toString('base64url'),
      Buffer.from('2026-01-01T00:00:00.000Z|1|x').toString('base64url'),
      'not a cursor',
      'AAAA',
    ];
    for (const cursor of forged) await expectError('GET', `/api/backends/${b}/orders?cursor=${encodeURIComponent(cursor)}`, 400, 'CURSOR_INVALID');
    // A cursor the API gave out still pages.
    const first = await f.api.get<{ items: unknown[]; nextCursor: string }>(`/api/backends/${b}/orders?limit=1`);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await f.api.get<{ items: Array<{ amazonOrderId: string }> }>(`/api/backends/${b}/orders?limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
  });

  it('refuses coerced numbers: 3.9, true, +1, " 1", 1e0, 0x1 are not ids and 2.9 is not a limit', async () => {
    for (const id of ['true', '+1', '%20%31', '1e0', '0x1', '1.0', '01']) {
      await expectError('GET', `/api/backends/${id}`, 400, 'BAD_REQUEST');
    }
    const bad = await expectError('POST', `/api/conflicts/${f.ids.conflict}.9/resolve`, 400, 'BAD_REQUEST', { action: 'dismiss' });
    expect(bad.details?.problems).toEqual([{ in: 'params', field: '/id', message: 'must be integer' }]);
    await expectError('GET', '/api/conflicts?limit=2.9', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/conflicts?limit=true', 400, 'BAD_REQUEST');
    await expectError('GET', '/api/conflicts?limit=1&limit=2', 400, 'BAD_REQUEST');
    const open = await f.api.get<{ status: string }>(`/api/conflicts/${f.ids.conflict}`);
    expect(open.body.status).toBe('open');
  });

  it('refuses NUL characters in a path, a query and a note with 400', async () => {
    await expectError('GET', `/api/backends/${f.ids.backend}/orders/%00abc`, 400, 'BAD_REQUEST');
    await expectError('POST', `/api/backends/${f.ids.backend}/orders/111-%00-1/resync`, 400, 'BAD_REQUEST');
    await expectError('GET', `/api/backends/${f.ids.backend}/orders?cursor=%00`, 400, 'BAD_REQUEST');
    const nul = await expectError('POST', `/api/conflicts/${f.ids.conflict}/resolve`, 400, 'BAD_REQUEST', { action: 'dismiss', note: 'a\u0000b' });
    expect(nul.details?.problems).toEqual([{ in: 'body', field: '/note', message: 'must not contain a NUL character' }]);
  });

  it('answers bodies Fastify refuses with our codes, a __proto__ key with its own, and enum errors with the allowed values', async () => {
    const resolve = `/api/conflicts/${f.ids.conflict}/resolve`;
    await expectError('POST', resolve, 400, 'BODY_INVALID_JSON', undefined, '{"action": ');
    await expectError('POST', resolve, 400, 'BODY_INVALID_JSON', undefined, '');
    await expectError('POST', resolve, 400, 'BODY_FORBIDDEN_KEY', undefined, '{"action":"dismiss","__proto__":{"admin":true}}');
    await expectError('POST', resolve, 400, 'BODY_FORBIDDEN_KEY', undefined, '{"action":"dismiss","note":"x","constructor":{"prototype":{"a":1}}}');
    await expectError('POST', resolve, 413, 'BODY_TOO_LARGE', { action: 'dismiss', note: 'x'.repeat(1_100_000) });
    const text = await f.api.send<ErrorAnswer>('POST', resolve, undefined, { headers: { 'content-type': 'text/plain' }, rawBody: 'dismiss' });
    // rawBody sets a JSON content type; the explicit header above replaces it.
    expect({ status: text.status, code: text.body.code }).toEqual({ status: 415, code: 'MEDIA_TYPE_UNSUPPORTED' });
    const action = await expectError('POST', resolve, 400, 'BAD_REQUEST', { action: 'ignore-it' });
    // Retry, dismiss and the flows' own actions (a known one the conflict does not offer is a 409 instead).
    expect(action.message).toContain('"retry", "dismiss", "ignore", "map_sku", "activate_and_retry", "take_amazon", "keep_erp", "cancel_in_erp", "keep"');
    const extra = await expectError('POST', resolve, 400, 'BAD_REQUEST', { action: 'dismiss', acton: 'retry' });
    expect(extra.message).toContain('acton');
    const state = await expectError('GET', `/api/backends/${f.ids.backend}/orders?state=lost`, 400, 'BAD_REQUEST');
    expect(state.message).toMatch(/must be one of: "imported", "kept", "waiting", .*"ignored"/);
  });

  it('answers what Fastify and Node refuse before any route runs in the same shape, with our codes', async () => {
    const auth = { authorization: `Bearer ${f.api.token}` };
    const cases: Array<[string, Record<string, string>, string | undefined]> = [
      ['/api/backends/%', auth, undefined],
      ['/api/backends/%E0%A4%A', auth, undefined],
      [`/api/conflicts/${'1'.repeat(150)}`, auth, undefined],
      [`/api/backends/${f.ids.backend}/orders/${'A'.repeat(120)}`, auth, undefined],
      [`/api/conflicts/${f.ids.conflict}/resolve`, { ...auth, 'content-type': 'application/json', 'content-length': 'abc' }, '{"action":"dismiss"}'],
    ];
    for (const [target, headers, body] of cases) {
      const r = await f.api.raw(body ? 'POST' : 'GET', target, headers, body);
      expect({ status: r.status, body: JSON.parse(r.text) as unknown }, target).toEqual({ status: 400, body: { code: 'BAD_REQUEST', message: expect.any(String) } });
    }
  });

  it('a bad backend name gets one status whichever check catches it; a duplicate name is 409 and its INSERT is not logged', async () => {
    const current = (await f.api.get<{ name: string; amazon: { sellerId: string; marketplaceIds: string[] }; erp: { url: string; database: string } }>(`/api/backends/${f.ids.backend}`)).body;
    const create = (name: string) => ({
      name,
      amazon: { region: 'na', sellerId: 'SELLERX1', marketplaceIds: ['ATVPDKIKX0DER'], lwaClientId: 'id', lwaClientSecret: 'secret-value', refreshToken: 'Atzr|refresh' },
      erp: { url: current.erp.url, database: current.erp.database, apiKey: 'erp-key-value' },
    });
    for (const name of ['x'.repeat(65), 'x'.repeat(121), '-leading-dash', 'semi;colon', '']) {
      await expectError('POST', '/api/backends', 400, 'BAD_REQUEST', create(name));
    }
    const taken = await expectError('POST', '/api/backends', 409, 'BACKEND_NAME_TAKEN', create(current.name));
    expect(taken.message).toContain(current.name);
    expect(f.api.log()).not.toMatch(/insert into|secret-value|erp-key-value/i);
    expect(await f.digest()).toBe(before);
  });

  it('answers 404 for a missing backend or order where the document says 404, not 422 or an empty 200', async () => {
    await expectError('GET', '/api/backends/999/orders', 404, 'BACKEND_NOT_FOUND');
    await expectError('POST', '/api/backends/999/sweep', 404, 'BACKEND_NOT_FOUND');
    await expectError('POST', '/api/backends/999/setup', 404, 'BACKEND_NOT_FOUND');
    await expectError('POST', '/api/backends/999/orders/999-0000000-0000000/resync', 404, 'BACKEND_NOT_FOUND');
    expect(await f.digest()).toBe(before);
    // An order Amazon does not know is no longer a 404 here: the resync is a job (202), whose run ends failed with
    // AMAZON_NOT_FOUND (test/operations.test.ts follows it).
  });
});
