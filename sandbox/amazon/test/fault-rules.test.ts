/**
 * Fault injection by percentage and kind (`POST /_sandbox/faults` with `percent`): seeded rules give the same
 * faults to the same calls, a rule lasts its duration (sandbox seconds, scaled by timeScale), `drop` destroys the
 * socket, `timeout` holds the answer, every fault is counted, and bad rules get stable codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sellingpartnerapi-eu.amazon.com';
const RAISED = { searchOrders: { rate: 1000, burst: 1000 }, getOrder: { rate: 1000, burst: 1000 } };
let clock = Date.parse('2026-06-01T12:00:00Z');
let sb: AmazonSandbox;
let token: string;
let other: string;

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 3, seedOrders: 2, timeScale: 10, usagePlans: RAISED, now: () => clock });
  token = await accessToken(sb.port, sb.sellers[0]!);
  other = await accessToken(sb.port, sb.sellers[1]!);
});
afterAll(() => sb.close());

const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });
const search = (t = token, host = HOST) => call(sb.port, { path: '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z', host, token: t });
/** The status of each call, or the client's error code when there was no answer. */
const outcome = (p: Promise<{ status: number }>) => p.then((a) => String(a.status), (e: { code?: string; message: string }) => e.code ?? e.message);

describe('fault rules', () => {
  it('seeded: the same calls meet the same faults, at about the share asked, each counted', async () => {
    const run = async () => {
      await admin('POST', '/reset');
      const r = await admin('POST', '/faults', { operation: 'searchOrders', percent: 30, kinds: ['429', '500', '503'], seed: 42 });
      expect(r.status).toBe(200);
      const seen: string[] = [];
      for (let i = 0; i < 60; i++) seen.push(await outcome(search()));
      return seen;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    const failed = first.filter((s) => s !== '200');
    expect(failed.length).toBeGreaterThan(8);
    expect(failed.length).toBeLessThan(30);
    expect(new Set(failed)).toEqual(new Set(['429', '500', '503']));
    const f = (await admin('GET', '/faults')).body as Obj;
    expect(f.fired.total).toBe(failed.length);
    expect(f.fired.byOperation).toEqual({ searchOrders: failed.length });
    expect(f.rules[0]).toMatchObject({ operation: 'searchOrders', percent: 30, seen: 60, fired: failed.length, endsAt: null });
    const calls = (await admin('GET', '/calls')).body as Obj;
    expect(calls.totals.faults).toBe(failed.length);
    expect(calls.operations.find((o: Obj) => o.operation === 'searchOrders').byFault['429']).toBe(first.filter((s) => s === '429').length);
  });

  it('lasts its duration in sandbox seconds (timeScale 10: 30 s are 3 s), only for the seller named', async () => {
    await admin('POST', '/reset');
    const r = (await admin('POST', '/faults', { operation: '*', sellerId: sb.sellers[0]!.sellerId, percent: 100, kinds: ['503'], durationSeconds: 30 })).body as Obj;
    expect(r.rule.endsAt).toBe(clock + 3000);
    expect(await outcome(search())).toBe('503');
    expect(await outcome(search(other, 'sellingpartnerapi-na.amazon.com'))).toBe('200');
    clock += 2999;
    expect(await outcome(search())).toBe('503');
    clock += 1;
    expect(await outcome(search())).toBe('200');
    expect(((await admin('GET', '/faults')).body as Obj).rules).toEqual([]);
  });

  it('drop: the socket is destroyed unanswered; timeout: held past the client, closed after holdMs', async () => {
    await admin('POST', '/reset');
    await admin('POST', '/faults', { operation: 'searchOrders', percent: 100, kinds: ['drop'], durationSeconds: 10 });
    expect(await outcome(search())).toBe('ECONNRESET');
    await admin('DELETE', '/faults');
    await admin('POST', '/faults', { operation: 'searchOrders', kind: 'timeout', count: 1, holdMs: 300 });
    const started = Date.now();
    expect(await outcome(search())).toBe('ECONNRESET');
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(await outcome(search())).toBe('200');
    const calls = (await admin('GET', '/calls')).body as Obj;
    expect(calls.recent.filter((c: Obj) => c.fault).map((c: Obj) => [c.fault, c.status])).toEqual([['drop', 0], ['timeout', 0]]);
    expect(((await admin('GET', '/faults')).body as Obj).fired.byKind).toEqual({ drop: 1, timeout: 1 });
  });

  it('a held answer (default hold: 120 s) does not keep the sandbox from closing', async () => {
    const tmp = await startAmazonSandbox({ port: 0, seedOrders: 0 });
    tmp.injectFault({ operation: 'searchOrders', kind: 'timeout', count: 1 });
    const t = await accessToken(tmp.port, tmp.sellers[0]!);
    const held = outcome(call(tmp.port, { path: '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z', host: HOST, token: t }));
    while (tmp.faults().fired.total === 0) await new Promise((r) => setTimeout(r, 10));
    await tmp.close();
    expect(await held).toBe('ECONNRESET');
  });

  it('refuses bad rules with stable codes', async () => {
    const post = async (b: unknown) => {
      const a = await admin('POST', '/faults', b);
      return [a.status, (a.body as Obj).error];
    };
    expect(await post({ operation: 'searchOrders', percent: 120, kinds: ['500'] })).toEqual([400, 'BAD_REQUEST']);
    expect(await post({ operation: 'searchOrders', percent: 10, kinds: [] })).toEqual([400, 'BAD_REQUEST']);
    expect(await post({ operation: 'searchOrders', percent: 10, kinds: ['418'] })).toEqual([400, 'BAD_REQUEST']);
    expect(await post({ operation: 'searchOrders', percent: 10, kinds: ['500'], durationSeconds: 0 })).toEqual([400, 'BAD_REQUEST']);
    expect(await post({ operation: 'searchOrders', percent: 10, kinds: ['500'], surprise: 1 })).toEqual([400, 'BAD_REQUEST']);
    expect(await post({ operation: 'noSuchOperation', percent: 10, kinds: ['500'] })).toEqual([400, 'BAD_FAULT']);
    expect(await post({ operation: '*', sellerId: 'NOBODY', percent: 10, kinds: ['500'] })).toEqual([404, 'UNKNOWN_SELLER']);
    expect(await post({ operation: 'getOrder', status: 500, kind: 'drop', count: 1 })).toEqual([400, 'BAD_FAULT']);
    expect(() => sb.injectFaultRule({ operation: 'getOrder', percent: 10, kinds: ['nope' as never] })).toThrow(/kinds must be/);
  });
});
