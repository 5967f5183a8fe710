/**
 * The webhooks of `lifecycle-json2.jsonl`, as a real Odoo 19 sent them (`webhook-captured.jsonl`): the recording is
 * replayed with the rule's URL pointing at a local receiver instead of http://127.0.0.1:8199/hook, and every POST
 * must match the captured one: method, path, headers in their order, and the body byte for byte once record ids,
 * sequence names and timestamps are those of this run (mapped consistently, as the replayer maps them).
 */
import { readFileSync } from 'node:fs';
import { afterAll, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { buildRegistry } from '../src/models/registry.ts';
import type { Json } from '../src/orm/types.ts';
import { referencePath } from './reference-path.ts';
import { Replayer, type Recorded } from './replay.ts';
import { startReceiver, type Receiver } from './webhook-receiver.ts';

const RECORDED_URL = 'http://127.0.0.1:8199/hook';
/** The models of the payload's id fields. */
const ID_FIELDS: Record<string, string> = { _id: 'stock.picking', id: 'stock.picking', carrier_id: 'delivery.carrier', partner_id: 'res.partner', sale_id: 'sale.order' };
const MICRO = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/;

interface CapturedLine { captured: { method: string; path: string; headers: Record<string, string>; body: Record<string, Json>; body_raw: string } }

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

it('sends the five POSTs webhook-captured.jsonl recorded, header for header and byte for byte', async () => {
  const lines = readFileSync(referencePath('odoo-19-recordings', 'lifecycle-json2.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  const expected = readFileSync(referencePath('odoo-19-recordings', 'webhook-captured.jsonl'), 'utf8').split('\n').filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as CapturedLine).captured);
  const db = await createTestDatabase(inject('pgAdminUrl'), 'conf_webhooks');
  // one call per second from the recording's day, each at a moment with microseconds as the real Odoo's had
  let tick = 0;
  const sb: RunningErpSandbox = await startErpSandbox({ databaseUrl: db.url, port: 0, modules: ['stock_delivery', 'base_automation'], seed: 'fresh' },
    { now: () => new Date(Date.UTC(2026, 11, 1, 10, 53, 0) + tick * 1000 + 413) });
  const rx: Receiver = await startReceiver();
  cleanups.push(async () => { await rx.close(); await sb.close(); await db.drop(); });
  const r = new Replayer(buildRegistry(19, new Set(['stock_delivery', 'base_automation'])), { db: sb.dbName, key: sb.apiKey });
  const statusDiffs: string[] = [];
  for (const [n, line] of lines.entries()) {
    tick = n + 1;
    const rec = JSON.parse(line) as Recorded;
    const [, , , model, method] = rec.url.split('/') as [string, string, string, string, string];
    const body = JSON.parse(JSON.stringify(r.json2Body(model, rec.request)).replaceAll(RECORDED_URL, rx.url)) as Record<string, Json>;
    const res = await fetch(`${sb.url}${rec.url}`, {
      method: 'POST', headers: { authorization: `bearer ${sb.apiKey}`, 'x-odoo-database': sb.dbName, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = (await res.json()) as Json;
    if (res.status !== rec.status) statusDiffs.push(`${n + 1} ${rec.url}: ${res.status}`);
    // learn the ids and names of this run from the answers (the full comparison is conformance.test.ts's)
    else if (rec.status === 200) r.compareResult(model, method, rec.response, answer, `${n + 1}`);
  }
  expect(statusDiffs).toEqual([]);
  expect(rx.captured).toHaveLength(expected.length);
  const diffs: string[] = [];
  for (const [i, exp] of expected.entries()) {
    const act = rx.captured[i]!;
    const where = `POST ${i + 1}`;
    expect([act.method, act.path]).toEqual([exp.method, exp.path]);
    // the same headers in the same order; Host and Content-Length are this run's
    expect(act.headers.map(([k]) => k)).toEqual(Object.keys(exp.headers));
    for (const [k, v] of act.headers) {
      const want = k === 'Host' ? `127.0.0.1:${rx.port}` : k === 'Content-Length' ? String(Buffer.byteLength(act.bodyRaw)) : exp.headers[k];
      if (v !== want) diffs.push(`${where} header ${k}: ${v}, expected ${want}`);
    }
    const got = JSON.parse(act.bodyRaw) as Record<string, Json>;
    expect(Object.keys(got)).toEqual(Object.keys(exp.body));
    // the recorded raw body with this run's ids, names and timestamps put in, after checking they correspond
    let want = exp.body_raw;
    for (const [k, e] of Object.entries(exp.body)) {
      const a = got[k]!;
      let err: string | null = null;
      if (ID_FIELDS[k] && typeof e === 'number') err = r.ids.match(ID_FIELDS[k], e, a);
      else if (typeof e === 'string' && MICRO.test(e)) err = typeof a === 'string' && MICRO.test(a) ? null : `expected a datetime with microseconds, got ${JSON.stringify(a)}`;
      else if (typeof e === 'string') err = r.ids.matchString(e, String(a));
      else if (e !== a) err = `expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`;
      if (err) diffs.push(`${where} ${k}: ${err}`);
      want = want.replace(`"${k}": ${JSON.stringify(e)}`, `"${k}": ${JSON.stringify(a)}`);
    }
    if (act.bodyRaw !== want) diffs.push(`${where} body_raw: ${act.bodyRaw}\n  expected ${want}`);
  }
  expect(diffs).toEqual([]);
  // the rule is gone at the end of the recording, and nothing else was sent
  expect(sb.webhooks().map((d) => d.outcome)).toEqual(expected.map(() => 'sent'));
}, 90_000);
