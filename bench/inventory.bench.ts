/**
 * Bench: merchant-fulfilled stock, ERP -> Amazon (issue 13, bench/README.md "Inventory"): 50,000 changed SKUs
 * pushed (feeds, connector time, the worker's peak memory), then the time from an ERP stock change to Amazon
 * accepting the new quantity, through the webhook (the default set-up) and through polling alone.
 *
 *   npm run bench:inventory -- [--skus 50000] [--changes 5] [--gap 2] [--cost-scale 1] [--modes webhook,polling]
 *                              [--jitter 0] [--urgent-poll-seconds 3]   (merchantStock.urgentPollSeconds; 0: polling alone is the change feed's 30 s)
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), both sandboxes in
 * this process (the ERP one with its cost model on), the connector's worker and API as child processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchDb } from './bench-db.ts';
import { runInventory, type InventoryFigures } from './inventory/run-inventory.ts';

const { values: args } = parseArgs({
  options: {
    skus: { type: 'string', default: '50000' }, changes: { type: 'string', default: '5' }, gap: { type: 'string', default: '2' },
    'cost-scale': { type: 'string', default: '1' }, modes: { type: 'string', default: 'webhook,polling' },
    jitter: { type: 'string', default: '0' }, 'urgent-poll-seconds': { type: 'string', default: '3' }, help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  console.log(`npm run bench:inventory -- [--skus 50000] [--changes 5] [--gap 2] [--cost-scale 1] [--modes webhook,polling] [--jitter 0] [--urgent-poll-seconds 3]
  --skus                 changed SKUs of the bulk push (0: latency only)
  --changes              changes timed per kind (receipt, urgent zero) and mode
  --gap                  seconds between two timed changes
  --jitter               a random 0-jitter seconds added to each gap (a fixed pace falls at one point of a poll's cycle)
  --cost-scale           the ERP sandbox's cost model (1: as slow as a real Odoo 19)
  --modes                webhook (public URL, base_automation), polling (no webhook), or both
  --urgent-poll-seconds  merchantStock.urgentPollSeconds (default 3): the flow's own poll of done moves while no webhook is live; 0: off`);
  process.exit(0);
}
const modes = args.modes!.split(',');
if (modes.some((m) => m !== 'webhook' && m !== 'polling')) throw new Error(`--modes ${args.modes}: webhook, polling or both`);
const say = (s: string) => console.log(`[bench] ${s}`);
const root = join(import.meta.dirname, '..');
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

await withBenchDb(async (adminUrl) => {
  const runs: InventoryFigures[] = [];
  for (const [i, mode] of (modes as Array<'webhook' | 'polling'>).entries()) {
    runs.push(await runInventory({
      adminUrl, mode, say, changes: Number(args.changes), gapSeconds: Number(args.gap), jitterSeconds: Number(args.jitter), costScale: Number(args['cost-scale']),
      urgentPollSeconds: Number(args['urgent-poll-seconds']),
      // The bulk part once, on the first stack.
      skus: i === 0 ? Number(args.skus) : 0,
    }));
  }
  say('');
  const bulk = runs.find((r) => r.bulk)?.bulk;
  if (bulk) {
    say(`${bulk.skus} changed SKUs pushed (ERP cost model x${args['cost-scale']}):`);
    say(`  feeds: ${bulk.feeds} (${bulk.messagesPerFeed.join(' + ')} messages); target at most 3: ${met(bulk.feeds <= 3)}`);
    say(`  connector time, recompute queued -> last feed submitted: ${bulk.connectorSeconds} s (recompute saved at ${bulk.recomputeSeconds} s, sends recorded at ${bulk.pushSeconds} s); target under 30 s: ${met(bulk.connectorSeconds < 30)}`);
    say(`  worker peak RSS: ${bulk.peakRssMb} MB (CPU ${bulk.workerCpuSeconds} s); target under 300 MB: ${met(bulk.peakRssMb < 300)}`);
  }
  say('');
  say(`merchantStock.urgentPollSeconds ${args['urgent-poll-seconds']} (the urgent poll runs in the polling mode only: no webhook is live there)`);
  say('| path | change | n | p50 s | max s | lanes | target |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of runs) {
    for (const l of r.latency) {
      const target = l.kind === 'zero' ? 5 : 60;
      say(`| ${r.mode} | ${l.kind === 'zero' ? 'urgent zero (delivery)' : 'receipt (+5)'} | ${l.n} | ${l.p50} | ${l.max} | ${Object.entries(l.lanes).map(([k, v]) => `${k} ${v}`).join(', ')} | under ${target} s: ${met(l.max < target)}${l.beforeValidation ? ` (${l.beforeValidation} seen before the validation, timed from the reservation)` : ''} |`);
    }
  }
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-inventory.json'), `${JSON.stringify(runs, null, 2)}\n`);
});
