/**
 * Bench: the API's list routes over a store of 100,000 orders (4 backends, bindings, conflicts, a week of runs),
 * the API in its own process as in production. Two phases:
 *   1. open loop at a fixed rate (default 200 requests/s, sent on schedule whatever the answers do; latency from
 *      the scheduled time): p50/p90/p99/max per route and overall. Target on the 2-core machine: p99 < 50 ms.
 *   2. saturation: autocannon's closed loop with N connections over the same mix: requests/s flat out.
 *
 *   npm run bench:api -- [--orders 100000] [--backends 4] [--rate 200] [--seconds 20] [--routes a,b]
 *                        [--connections 10] [--saturation-seconds 15] [--warmup-seconds 3]
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), the API as a child
 * process, the load from this one. Figures also go to .artifacts/bench-api.json.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ensureDatabase, freePort, startEmbeddedPg } from '../scripts/lib/embedded-pg.ts';
import { startConnector, waitForHttp, type Child } from '../scripts/lib/processes.ts';
import { startAmazonSandbox } from '../sandbox/amazon/src/index.ts';
import { loadConfig } from '../connector/src/config/index.ts';
import { boot } from '../connector/src/app/boot.ts';
import { seedStore, settleStore } from './api/seed-store.ts';
import { routeSchedule, selectRoutes } from './api/routes.ts';
import { discoverContext } from './api/discover.ts';
import { runOpenLoop, type LatencySummary } from './api/open-loop.ts';
import { runSaturation } from './api/saturation.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '100000' },
    backends: { type: 'string', default: '4' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '20' },
    routes: { type: 'string', default: '' },
    connections: { type: 'string', default: '10' },
    'saturation-seconds': { type: 'string', default: '15' },
    'warmup-seconds': { type: 'string', default: '3' },
  },
});
const num = (name: keyof typeof args) => {
  const v = Number(args[name]);
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} must be a number, got ${String(args[name])}`);
  return v;
};
const routes = selectRoutes(String(args.routes).split(',').filter(Boolean));
const root = join(import.meta.dirname, '..');
const say = (s: string) => console.log(`[bench:api] ${s}`);
const line = (name: string, s: LatencySummary) =>
  `  ${name.padEnd(22)} n=${String(s.count).padStart(5)}  p50 ${s.p50Ms.toFixed(1).padStart(6)} ms  p90 ${s.p90Ms.toFixed(1).padStart(6)} ms  p99 ${s.p99Ms.toFixed(1).padStart(6)} ms  max ${s.maxMs.toFixed(1).padStart(7)} ms  ${(s.meanBytes / 1024).toFixed(1).padStart(5)} KB${s.errors ? `  errors ${s.errors}` : ''}`;

const scratch = mkdtempSync(join(tmpdir(), 'aec-bench-api-'));
chmodSync(scratch, 0o755);
const children: Child[] = [];
const server = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPg({ dataDir: join(scratch, 'pg'), fast: true });
const adminUrl = process.env.BENCH_DATABASE_URL ?? server!.adminUrl;
const connDb = await ensureDatabase(adminUrl, `bench_api_${randomBytes(3).toString('hex')}`);

try {
  const port = await freePort();
  const env: Record<string, string> = {
    DATABASE_URL: connDb,
    CONNECTOR_SECRET_KEY: randomBytes(32).toString('base64'),
    CONNECTOR_ADMIN_TOKEN: randomBytes(18).toString('base64url'),
    CONNECTOR_ROLE: 'api',
    CONNECTOR_API_PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  const booted = await boot(loadConfig({ ...env, LOG_LEVEL: 'silent' }));
  // Real sandbox orders as payload templates (business orders with tax registrations among them).
  const amazon = await startAmazonSandbox({ port: 0, seed: 7 });
  const seller = amazon.sellers[0]!;
  const templates = amazon.generateOrders({ sellerId: seller.sellerId, count: 60, fulfilledBy: 'MERCHANT' }).map((id) => amazon.getOrder(id).order);
  await amazon.close();
  const backendIds: number[] = [];
  for (let k = 0; k < num('backends'); k++) {
    const b = await booted.core.backends.create({
      name: `bench-${k + 1}`,
      amazonRegion: 'eu',
      sellerId: `A${String(k + 1).padStart(3, '0')}BENCHSELLER`,
      marketplaceIds: seller.marketplaceIds,
      erpUrl: 'http://127.0.0.1:9',
      erpDb: 'bench',
      settings: {},
      credentials: { amazon: { lwaClientId: 'id', lwaClientSecret: 'secret', refreshToken: 'Atzr|bench' }, erp: { apiKey: 'key', login: null, password: null } },
    });
    backendIds.push(b.id);
  }
  const seedStarted = Date.now();
  const seeded = await seedStore(booted.db.pool, { backendIds, orders: num('orders'), templates });
  say(`store: ${seeded.orders} orders over ${backendIds.length} backends, ${seeded.bindings} bindings, ${seeded.conflicts} conflicts (${seeded.openConflicts} open), ${seeded.skus} SKUs, ${seeded.runs} sync runs; seeded in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);
  await booted.close();
  const settle = new pg.Pool({ connectionString: connDb, max: 1 });
  const visible = await settleStore(settle).finally(() => settle.end());
  say(`vacuum analyze: ${(visible * 100).toFixed(0)} % of fetched_document's pages all-visible`);

  // BENCH_API_NODE_ARGS: extra node flags for the API process (e.g. `--cpu-prof --cpu-prof-dir=.artifacts/prof`).
  const api = startConnector('api', env, { quiet: true, nodeArgs: process.env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) });
  children.push(api);
  const origin = `http://127.0.0.1:${port}`;
  await waitForHttp(`${origin}/health`, api);
  const headers = { authorization: `Bearer ${env.CONNECTOR_ADMIN_TOKEN}` };
  const ctx = await discoverContext(origin, headers, backendIds);
  const next = routeSchedule(routes);
  // Each route counts its own requests, so it rotates over backends, states and cursors.
  const seen = new Map<string, number>();
  const request = (i: number) => {
    const r = next(i);
    const n = seen.get(r.name) ?? 0;
    seen.set(r.name, n + 1);
    return { route: r.name, path: r.path(ctx, n) };
  };

  const rate = num('rate');
  say(`warm-up: ${num('warmup-seconds')} s at ${rate} requests/s (not counted)`);
  await runOpenLoop({ origin, headers, rate, seconds: num('warmup-seconds'), request });
  say(`open loop: ${rate} requests/s for ${num('seconds')} s over ${routes.map((r) => `${r.name}×${r.weight}`).join(', ')}`);
  const open = await runOpenLoop({ origin, headers, rate, seconds: num('seconds'), request });
  for (const [name, s] of Object.entries(open.routes)) say(line(name, s));
  say(line('overall', open.overall));
  say(`  driver's largest send lag ${open.maxSendLagMs} ms${Object.keys(open.failures).length ? `; failures ${JSON.stringify(open.failures)}` : ''}`);
  say(`  target p99 < 50 ms: ${open.overall.p99Ms < 50 ? 'met' : 'NOT met'}`);

  let i = 0;
  say(`saturation: autocannon, ${num('connections')} connections for ${num('saturation-seconds')} s, same mix`);
  const saturation = await runSaturation({ origin, headers, connections: num('connections'), seconds: num('saturation-seconds'), nextPath: () => request(i++).path });
  say(`  ${saturation.requestsPerSecond} requests/s (p50 ${saturation.p50Ms} ms, p99 ${saturation.p99Ms} ms, non-2xx ${saturation.non2xx}, errors ${saturation.errors})`);

  const figures = { store: { ...seeded, backends: backendIds.length }, openLoop: open, saturation, routes: routes.map((r) => ({ name: r.name, weight: r.weight })) };
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-api.json'), `${JSON.stringify(figures, null, 2)}\n`);
} finally {
  for (const c of children) await c.stop();
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
