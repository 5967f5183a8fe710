/**
 * CPU per request of each API bench route: the API process's and its PostgreSQL backends' user + system time
 * (from /proc) over N requests sent one after the other, divided by N. Unlike latency, CPU time barely moves when
 * other work shares the machine, so before/after comparisons hold on a busy box. Needs the PostgreSQL on this host
 * (BENCH_DATABASE_URL, an admin URL) to read its backends' /proc entries (run as root or as postgres).
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres tsx bench/api-cost.ts --seed   # a kept store
 *   BENCH_DATABASE_URL=... tsx bench/api-cost.ts [--requests 100] [--routes a,b]                 # measure
 *
 * The seeded store (same as `npm run bench:api`'s) stays in database `bench_api_cost` (or BENCH_COST_DB: two
 * checkouts compared side by side each keep their own) between runs; its settings in .artifacts/<database>.json.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startConnector, waitForHttp } from '../scripts/lib/processes.ts';
import { freePort } from '../scripts/lib/embedded-pg.ts';
import { startAmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { loadConfig } from '../connector/src/config/index.ts';
import { boot } from '../connector/src/app/boot.ts';
import { seedStore, settleStore } from './api/seed-store.ts';
import { selectRoutes } from './api/routes.ts';
import { discoverContext } from './api/discover.ts';
import { procStats } from './proc-stats.ts';

const { values: args } = parseArgs({ options: { seed: { type: 'boolean', default: false }, requests: { type: 'string', default: '100' }, routes: { type: 'string', default: '' } } });
const adminUrl = process.env.BENCH_DATABASE_URL;
if (!adminUrl) throw new Error('BENCH_DATABASE_URL (an admin URL of a PostgreSQL on this host) is required');
const root = join(import.meta.dirname, '..');
const dbName = process.env.BENCH_COST_DB ?? 'bench_api_cost';
const saved = join(root, '.artifacts', `${dbName}.json`);
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

if (args.seed) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName}`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const env = { DATABASE_URL: dbUrl, CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'), CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url') };
  const booted = await boot(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  const amazon = await startAmazonSandbox({ port: 0, seed: 7 });
  const seller = amazon.sellers[0]!;
  const templates = amazon.generateOrders({ sellerId: seller.sellerId, count: 60, fulfilledBy: 'MERCHANT' }).map((id) => amazon.getOrder(id).order);
  await amazon.close();
  const backendIds: number[] = [];
  for (let k = 0; k < 4; k++) {
    const b = await booted.core.backends.create({
      name: `bench-${k + 1}`, amazonRegion: 'eu', sellerId: `A${String(k + 1).padStart(3, '0')}BENCHSELLER`, marketplaceIds: seller.marketplaceIds,
      erpUrl: 'http://127.0.0.1:9', erpDb: 'bench', settings: {},
      credentials: { amazon: { lwaClientId: 'id', lwaClientSecret: 'secret', refreshToken: 'Atzr|bench' }, erp: { apiKey: 'key', login: null, password: null } },
    });
    backendIds.push(b.id);
  }
  console.log(await seedStore(booted.db.pool, { backendIds, orders: 100_000, templates }));
  await booted.close();
  const settle = new pg.Pool({ connectionString: dbUrl, max: 1 });
  await settleStore(settle).finally(() => settle.end());
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(saved, JSON.stringify({ env, backendIds }));
  process.exit(0);
}

if (!existsSync(saved)) throw new Error('no kept store: run with --seed first');
const { env, backendIds } = JSON.parse(readFileSync(saved, 'utf8')) as { env: Record<string, string>; backendIds: number[] };
const port = await freePort();
const api = startConnector('api', { ...env, CONNECTOR_ROLE: 'api', CONNECTOR_API_PORT: String(port), LOG_LEVEL: 'warn' }, { quiet: true, nodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) });
const watch = new pg.Client({ connectionString: adminUrl });
try {
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/health`, api);
  await watch.connect();
  const headers = { authorization: `Bearer ${env.CONNECTOR_ADMIN_TOKEN}` };
  const ctx = await discoverContext(origin, headers, backendIds);
  const pgPids = async () => (await watch.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName])).rows.map((r) => r.pid);
  const cpu = (pids: number[]) => pids.reduce((s, p) => s + procStats(p).cpuMs, 0);
  const n = Number(args.requests);
  for (const route of selectRoutes(String(args.routes).split(',').filter(Boolean))) {
    const send = async (i: number) => {
      const res = await fetch(`${origin}${route.path(ctx, i)}`, { headers });
      if (!res.ok) throw new Error(`${route.name}: HTTP ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };
    for (let i = 0; i < 20; i++) await send(i); // warm: JIT, plans, pool connections
    const pids = await pgPids();
    const before = { api: procStats(api.proc.pid!).cpuMs, pg: cpu(pids) };
    const started = performance.now();
    for (let i = 0; i < n; i++) await send(i);
    const wall = performance.now() - started;
    const after = { api: procStats(api.proc.pid!).cpuMs, pg: cpu([...new Set([...pids, ...(await pgPids())])]) };
    const apiMs = (after.api - before.api) / n;
    const pgMs = (after.pg - before.pg) / n;
    console.log(`${route.name.padEnd(22)} cpu/request: api ${apiMs.toFixed(1).padStart(5)} ms + pg ${pgMs.toFixed(1).padStart(5)} ms = ${(apiMs + pgMs).toFixed(1).padStart(5)} ms   (wall ${(wall / n).toFixed(1)} ms)`);
  }
} finally {
  await watch.end().catch(() => {});
  await api.stop();
}
