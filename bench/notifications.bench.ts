/**
 * Bench: the latency from a change of an order in the Amazon sandbox (a new order, a status change) to the
 * confirmed ERP order, through notifications (ORDER_CHANGE over SQS, then getOrder) and through the sweep alone,
 * with the counts that tell whether it was clean: ERP duplicates, notifications published and stored, getOrder
 * calls, 429s (bench/README.md, "Notifications").
 *
 *   npm run bench:notifications -- [--changes 30] [--gap 2.5] [--sweep-seconds 60] [--cost-scale 1] [--modes notifications,sweep]
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), both sandboxes in
 * this process (the ERP one with its cost model on), the connector's worker and API as child processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchDb } from './bench-db.ts';
import { runNotifications, type NotificationRunFigures } from './notifications/run-notifications.ts';

const { values: args } = parseArgs({
  options: {
    changes: { type: 'string', default: '30' }, gap: { type: 'string', default: '2.5' }, 'sweep-seconds': { type: 'string', default: '60' },
    'cost-scale': { type: 'string', default: '1' }, modes: { type: 'string', default: 'notifications,sweep' },
  },
});
const modes = args.modes!.split(',');
if (modes.some((m) => m !== 'notifications' && m !== 'sweep')) throw new Error(`--modes ${args.modes}: notifications, sweep or both`);
const say = (s: string) => console.log(`[bench] ${s}`);
const root = join(import.meta.dirname, '..');

await withBenchDb(async (adminUrl) => {
  const runs: NotificationRunFigures[] = [];
  for (const mode of modes as Array<'notifications' | 'sweep'>) {
    runs.push(await runNotifications({
      adminUrl, mode, say, changes: Number(args.changes), gapSeconds: Number(args.gap), sweepSeconds: Number(args['sweep-seconds']), costScale: Number(args['cost-scale']),
    }));
  }
  say('');
  say('| path | changes (new / status) | p50 s | p95 s | max s | missing | target |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    const target = r.mode === 'notifications' ? 'p95 < 2 s' : `> 120 s (Amazon hides 2 min) + up to ${r.sweepSeconds} s`;
    say(`| ${r.mode === 'notifications' ? 'notifications' : `sweep only (every ${r.sweepSeconds} s)`} | ${r.all.n} (${r.newOrders.n} / ${r.statusChanges.n}) | ${r.all.p50} | ${r.all.p95} | ${r.all.max} | ${r.all.missing} | ${target} |`);
  }
  for (const r of runs) {
    say(`${r.mode}: new orders p50 ${r.newOrders.p50} / p95 ${r.newOrders.p95} s, status changes p50 ${r.statusChanges.p50} / p95 ${r.statusChanges.p95} s`);
    const c = r.counts;
    if (r.stages) say(`${r.mode}: change -> notification stored p50 ${r.stages.toStoredP50} / p95 ${r.stages.toStoredP95} s; -> order fetched (getOrder) p50 ${r.stages.toFetchedP50} / p95 ${r.stages.toFetchedP95} s; the rest is the import`);
    say(`${r.mode}: ERP duplicates ${c.erpDuplicates}; notifications published ${c.published}, stored ${c.stored}; getOrder ${c.getOrderCalls}, searchOrders ${c.searchOrdersCalls}; 429s ${c.throttled}; not importable ${c.notImportable}`);
  }
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-notifications.json'), `${JSON.stringify(runs, null, 2)}\n`);
});
