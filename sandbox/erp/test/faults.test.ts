/**
 * Injected faults through the server, on both transports: proxy pages and Odoo's server error before the call
 * (nothing written), slow answers, and answers dropped after the write committed (the record exists, the client
 * got no answer); `writes` leaves reads alone; the admin API's codes.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_faults');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: { kind: 'fresh' } });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(() => drop?.());

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers checked field by field
const admin = async (method: string, body?: unknown): Promise<{ status: number; body: any }> => {
  const r = await fetch(`${sb.url}/_sandbox/faults`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
  return { status: r.status, body: await r.json() };
};
/** The answer's status, or the client's error code when the socket closed unanswered. */
const settle = <T>(p: Promise<T>) => p.catch((e: { cause?: { code?: string } }) => ({ dropped: e.cause?.code ?? String(e) }));
const partners = async (name: string) => (await json2(sb, 'res.partner/search_count', { domain: [['name', '=', name]] })).body as number;

describe('ERP sandbox faults', () => {
  it('502 / 503 / 500: the proxy page on JSON-2 and JSON-RPC, nothing written', async () => {
    for (const kind of ['502', '503', '500'] as const) {
      await admin('DELETE');
      await admin('POST', { target: 'res.partner.create', percent: 100, kinds: [kind] });
      const a = await json2(sb, 'res.partner/create', { vals_list: [{ name: `proxy ${kind}` }] });
      expect(a.status).toBe(Number(kind));
      expect(String(a.body)).toContain('nginx');
      const r = await fetch(`${sb.url}/jsonrpc`, { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [sb.dbName, 2, sb.apiKey, 'res.partner', 'create', [{ name: `proxy ${kind}` }]] } }) });
      expect([r.status, (await r.text()).includes(`<title>${kind}`)]).toEqual([Number(kind), true]);
      await admin('DELETE');
      expect(await partners(`proxy ${kind}`)).toBe(0);
    }
  });

  it("odoo_error: Odoo's own error shape (JSON-2 500, JSON-RPC error.data), rolled back", async () => {
    await admin('POST', { target: 'res.partner.create', percent: 100, kinds: ['odoo_error'] });
    const a = await json2(sb, 'res.partner/create', { vals_list: [{ name: 'odoo error' }] });
    expect([a.status, a.body.name]).toEqual([500, 'psycopg2.OperationalError']);
    const b = await executeKw(sb, 'res.partner', 'create', [{ name: 'odoo error' }]);
    expect(b.error).toMatchObject({ message: 'Odoo Server Error', data: { name: 'psycopg2.OperationalError' } });
    await admin('DELETE');
    expect(await partners('odoo error')).toBe(0);
  });

  it('drop_after_commit: the write is there, the client got no answer (both transports); drop: nothing written', async () => {
    await admin('POST', { target: 'writes', percent: 100, kinds: ['drop_after_commit'], durationSeconds: 60 });
    // A read passes: `writes` leaves it alone.
    expect((await json2(sb, 'res.partner/search_count', { domain: [] })).status).toBe(200);
    expect(await settle(json2(sb, 'res.partner/create', { vals_list: [{ name: 'committed json2' }] }))).toEqual({ dropped: 'UND_ERR_SOCKET' });
    expect(await settle(executeKw(sb, 'res.partner', 'create', [{ name: 'committed rpc' }]))).toEqual({ dropped: 'UND_ERR_SOCKET' });
    await admin('DELETE');
    expect([await partners('committed json2'), await partners('committed rpc')]).toEqual([1, 1]);
    await admin('POST', { target: 'res.partner.create', percent: 100, kinds: ['drop'] });
    expect(await settle(json2(sb, 'res.partner/create', { vals_list: [{ name: 'never written' }] }))).toEqual({ dropped: 'UND_ERR_SOCKET' });
    await admin('DELETE');
    expect(await partners('never written')).toBe(0);
  });

  it('slow: the call commits, the answer comes delayMs later', async () => {
    await admin('POST', { target: 'res.partner.create', percent: 100, kinds: ['slow'], delayMs: 400 });
    const started = Date.now();
    const a = await json2(sb, 'res.partner/create', { vals_list: [{ name: 'slow one' }] });
    expect(a.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    await admin('DELETE');
  });

  it('counts the faults given; seeded rules repeat; bad rules get stable codes', async () => {
    const snap = (await admin('GET')).body;
    expect(snap.fired.byKind).toMatchObject({ 502: 2, 503: 2, 500: 2, odoo_error: 2, drop_after_commit: 2, drop: 1, slow: 1 });
    const run = async () => {
      sb.clearFaults();
      sb.injectFaultRule({ target: 'res.partner.search_count', percent: 50, kinds: ['503'], seed: 9 });
      const out: number[] = [];
      for (let i = 0; i < 16; i++) out.push((await json2(sb, 'res.partner/search_count', { domain: [] })).status);
      return out;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(first.filter((s) => s === 503).length).toBeGreaterThan(2);
    sb.clearFaults();
    expect(await admin('POST', { target: '*', percent: 10, kinds: ['504'] })).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    expect(await admin('POST', { target: '*', percent: 10, kinds: ['slow'], extra: 1 })).toMatchObject({ status: 400, body: { error: 'BAD_REQUEST' } });
    expect(await admin('POST', { target: 'no dots', percent: 10, kinds: ['slow'] })).toMatchObject({ status: 400, body: { error: 'BAD_FAULT' } });
  });
});
