/**
 * Bench: shipments of merchant orders, from the ERP delivery validated to Amazon's answer to confirmShipment,
 * through the webhook and through polling alone, and the confirmations per second at Amazon's quota
 * (bench/README.md, "Shipments").
 *
 *   npm run bench:shipments -- [--latency 30] [--gap 1.5] [--throughput 150] [--poll-seconds 30] [--cost-scale 1] [--modes webhook,polling]
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), both sandboxes in
 * this process (the ERP one with its cost model on), the connector's worker and API as child processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchDb } from './bench-db.ts';
import { PLAN, runShipments, type ShipmentRunFigures } from './shipments/run-shipments.ts';

const { values: args } = parseArgs({
  options: {
    latency: { type: 'string', default: '30' }, gap: { type: 'string', default: '1.5' }, throughput: { type: 'string', default: '150' },
    'poll-seconds': { type: 'string', default: '30' }, 'cost-scale': { type: 'string', default: '1' }, modes: { type: 'string', default: 'webhook,polling' },
  },
});
const modes = args.modes!.split(',');
if (modes.some((m) => m !== 'webhook' && m !== 'polling')) throw new Error(`--modes ${args.modes}: webhook, polling or both`);
const say = (s: string) => console.log(`[bench] ${s}`);
const root = join(import.meta.dirname, '..');

await withBenchDb(async (adminUrl) => {
  const figures: ShipmentRunFigures[] = [];
  for (const mode of modes as Array<'webhook' | 'polling'>) {
    figures.push(await runShipments({
      adminUrl, mode, say, latency: Number(args.latency), gapSeconds: Number(args.gap), throughput: Number(args.throughput),
      pollSeconds: Number(args['poll-seconds']), costScale: Number(args['cost-scale']),
    }));
  }
  say('');
  say('| path | deliveries | p50 s | p95 s | max s | target |');
  say('| --- | --- | --- | --- | --- | --- |');
  for (const f of figures) {
    const target = f.mode === 'webhook' ? 'p95 < 2 s' : `< poll interval + 5 s = ${f.pollSeconds + 5} s`;
    say(`| ${f.mode} | ${f.latency.n} | ${f.latency.p50} | ${f.latency.p95} | ${f.latency.max} | ${target} |`);
  }
  for (const f of figures) {
    if (!f.throughput) continue;
    const t = f.throughput;
    say('');
    say(`confirmations at the quota (${t.n} deliveries validated at once, ${f.mode}): ${t.perSecondAfterBurst}/s after the burst = ${t.planShare} % of the plan (${PLAN.rate}/s, burst ${PLAN.burst}); ${t.confirmCalls} confirmShipment calls, ${t.throttled} answered 429`);
  }
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-shipments.json'), `${JSON.stringify(figures, null, 2)}\n`);
});
