/**
 * Conformance: every call of every recording of a real Odoo 19 is replayed against a freshly seeded sandbox (one
 * database per file) and must get the same HTTP status and the same answer, record ids and sequence numbers aside.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { buildRegistry } from '../src/models/registry.ts';
import type { OptionalModule } from '../src/modules.ts';
import type { Json } from '../src/orm/types.ts';
import { referencePath } from './reference-path.ts';
import { Replayer, type Recorded } from './replay.ts';

const FILES = ['flow-json2.jsonl', 'flow-jsonrpc.jsonl', 'scenarios-json2.jsonl', 'scenarios-jsonrpc.jsonl', 'partial-json2.jsonl',
  'setup-json2.jsonl', 'vat-json2.jsonl', 'vat-jsonrpc.jsonl', 'lifecycle-json2.jsonl', 'lifecycle-jsonrpc.jsonl',
  'inventory-json2.jsonl', 'returns-refunds-json2.jsonl', 'accounting-json2.jsonl'];
/** Every file was recorded on a new database (generic chart, USD company): the sandbox replays them on its `fresh` seed. */
const SEED = 'fresh' as const;
/** The JSON-RPC VAT file only has the core cases (7 calls); the others have many more. */
const MIN_CALLS: Record<string, number> = { 'vat-jsonrpc.jsonl': 7 };
/** Files recorded on an Odoo with extra modules: the sandbox starts with the same ones. */
const MODULES: Record<string, OptionalModule[]> = {
  'vat-json2.jsonl': ['base_vat'], 'vat-jsonrpc.jsonl': ['base_vat'],
  'lifecycle-json2.jsonl': ['stock_delivery', 'base_automation'], 'lifecycle-jsonrpc.jsonl': ['stock_delivery', 'base_automation'],
};
/**
 * Files that search by `write_date`: the sandbox's clock is pinned, one second per call from the recording's
 * day, so that every write lands in its own second, as far apart as the real Odoo's or further; the replayer maps
 * the recorded datetimes a domain names to the ones this run answered for the same reads. The returns file reads
 * dates (credit notes' `invoice_date`, the reversal's `date`), the accounting file a statement line dated today: they
 * need the recording's day.
 */
const TIMELINE = new Set(['lifecycle-json2.jsonl', 'lifecycle-jsonrpc.jsonl', 'returns-refunds-json2.jsonl', 'accounting-json2.jsonl']);
const TIMELINE_START = Date.UTC(2026, 11, 1, 10, 53, 0);
/**
 * Files whose recorded Odoo answered many writing calls within one second: the clock keeps their seconds (20 ms a
 * call inside one). inventory-json2.jsonl wrote everything up to the order's confirmation (call 34) in 10:54:10, the
 * rest in 10:54:11, and polls `write_date > '10:54:10'` expecting only the later writes.
 */
const CLOCKS: Record<string, (call: number) => number> = {
  'inventory-json2.jsonl': (n) => Date.UTC(2026, 11, 1, 10, 54, 10) + (n < 34 ? n * 20 : 1000 + (n - 34) * 20),
};
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function replayFile(file: string): Promise<{ calls: number; diffs: string[] }> {
  const lines = readFileSync(referencePath('odoo-19-recordings', file), 'utf8').split('\n').filter((l) => l.trim());
  const db = await createTestDatabase(inject('pgAdminUrl'), `conf_${file.split('.')[0]}`);
  let tick = 0;
  const clock = CLOCKS[file];
  const deps = clock ? { now: () => new Date(clock(tick)) } : TIMELINE.has(file) ? { now: () => new Date(TIMELINE_START + tick * 1000) } : {};
  const sb: RunningErpSandbox = await startErpSandbox({ databaseUrl: db.url, port: 0, modules: MODULES[file] ?? [], seed: SEED }, deps);
  cleanups.push(async () => { await sb.close(); await db.drop(); });
  const r = new Replayer(buildRegistry(19, new Set(MODULES[file] ?? [])), { db: sb.dbName, key: sb.apiKey });
  const diffs: string[] = [];
  for (const [n, line] of lines.entries()) {
    tick = n + 1;
    const rec = JSON.parse(line) as Recorded;
    const where = `${file}:${n + 1} ${rec.url}`;
    if (rec.transport === 'json2') {
      const [, , , model, method] = rec.url.split('/') as [string, string, string, string, string];
      const res = await fetch(`${sb.url}${rec.url}`, {
        method: 'POST',
        headers: { authorization: `bearer ${sb.apiKey}`, 'x-odoo-database': sb.dbName, 'content-type': 'application/json' },
        body: JSON.stringify(r.json2Body(model, rec.request)),
      });
      const body = (await res.json()) as Json;
      if (res.status !== rec.status) diffs.push(`${where}: status ${res.status}, expected ${rec.status}: ${JSON.stringify(body)}`);
      else diffs.push(...(rec.status === 200 ? r.compareResult(model, method, rec.response, body, where) : r.generic(rec.response, body, where)));
    } else {
      const params = (rec.request.params ?? {}) as { service: string; args: Json[] };
      const res = await fetch(`${sb.url}/jsonrpc`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.jsonRpcBody(rec.request)),
      });
      const body = (await res.json()) as Record<string, Json>;
      const exp = rec.response as Record<string, Json>;
      const label = params.service === 'object' ? `${String(params.args[3])}.${String(params.args[4])}` : 'common';
      if (res.status !== rec.status) diffs.push(`${where} ${label}: status ${res.status}`);
      diffs.push(...r.generic(exp.id!, body.id!, `${where} ${label} id`));
      if (('result' in exp) !== ('result' in body)) diffs.push(`${where} ${label}: result key ${'result' in body ? 'present' : 'absent'}, expected the opposite: ${JSON.stringify(body)}`);
      else if ('error' in exp) diffs.push(...r.generic(exp.error!, body.error ?? null, `${where} ${label} error`));
      else if ('error' in body) diffs.push(`${where} ${label}: unexpected error ${JSON.stringify(body.error)}`);
      else if ('result' in exp) {
        const [model, method] = params.service === 'object' ? [String(params.args[3]), String(params.args[4])] : ['res.users', 'login'];
        diffs.push(...(params.service === 'object' ? r.compareResult(model, method, exp.result!, body.result!, `${where} ${label}`) : r.generic(exp.result!, body.result!, `${where} login`)));
      }
    }
  }
  return { calls: lines.length, diffs };
}

describe('conformance with the recordings of a real Odoo 19', () => {
  for (const file of FILES) {
    it(`answers every call of ${file} as Odoo did`, async () => {
      const { calls, diffs } = await replayFile(file);
      expect(calls).toBeGreaterThanOrEqual(MIN_CALLS[file] ?? 11);
      expect(diffs).toEqual([]);
    }, 60_000);
  }
});
