/**
 * Bench: Amazon orders from the first sweep call to the last confirmed ERP order, with quotas raised by override
 * (the point is the connector's and the ERP's speed, not Amazon's quota), run twice:
 *   - model off: 10,000 orders against the ERP sandbox at its own speed: end-to-end orders/s, connector CPU ms per
 *     order, ERP calls per order (login excluded), peak RSS summed over the connector's processes, the sandbox's time;
 *   - model on: fewer orders (a real Odoo takes ~15 a second) against the sandbox with its cost model of a real
 *     Odoo 19 (ERP_SANDBOX_COST_SCALE): the same figures plus the import's share of the modelled ERP's capacity.
 * Targets on the 2-core machine: >= 200 orders/s, <= 2 ms CPU/order, <= 0.1 ERP calls/order, < 300 MB (model off);
 * >= 90 % of the modelled ERP's capacity (model on). Definitions in bench/README.md.
 *
 *   pnpm exec tsx bench/orders.bench.ts [--orders 10000] [--cost-orders 1000] [--cost both|off|on] [--cost-scale 1]
 *                                       [--workers 1] [--concurrency 4] [--batch N]
 *
 * Everything runs on 127.0.0.1: an embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), the ERP sandbox in
 * its own process, the Amazon sandbox in this one, and the connector's worker(s) as child processes.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startEmbeddedPg } from '../scripts/lib/embedded-pg.ts';
import { runImport, type ImportFigures } from './orders/run-import.ts';
import { printComparison, printRun } from './orders/print.ts';

const { values: args } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    'cost-orders': { type: 'string', default: '1000' },
    cost: { type: 'string', default: 'both' },
    'cost-scale': { type: 'string', default: '1' },
    // One worker process for both runs. Model on, a second worker (one preparing a batch while the other writes)
    // did not raise the share: 66.8 / 67.7 % with 2 vs 69.4 / 67.1 % with 1 (bench/README.md, issue 8), as one
    // worker's 4 concurrent imports already keep a batch ready; the second doubled CPU and memory.
    workers: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string' },
  },
});
if (!['both', 'off', 'on'].includes(args.cost!)) throw new Error(`--cost ${args.cost}: both, off or on`);
const costScale = Number(args['cost-scale']);
if (!(costScale > 0)) throw new Error(`--cost-scale ${args['cost-scale']}: a number above 0 (1 = a real Odoo 19's speed)`);
const root = join(import.meta.dirname, '..');
const say = (s: string) => console.log(`[bench] ${s}`);

const scratch = mkdtempSync(join(tmpdir(), 'aec-bench-'));
chmodSync(scratch, 0o755);
const pg = process.env.BENCH_DATABASE_URL ? null : await startEmbeddedPg({ dataDir: join(scratch, 'pg'), fast: true });
const adminUrl = process.env.BENCH_DATABASE_URL ?? pg!.adminUrl;
const common = { adminUrl, workers: Number(args.workers), concurrency: Number(args.concurrency), ...(args.batch ? { batch: Number(args.batch) } : {}), say };

try {
  const runs: { off?: ImportFigures; on?: ImportFigures } = {};
  if (args.cost !== 'on') {
    say(`model off: the ERP sandbox at its own speed, ${args.orders} orders`);
    runs.off = await runImport({ ...common, orders: Number(args.orders), costScale: null });
    printRun(say, runs.off);
  }
  if (args.cost !== 'off') {
    say(`model on: the ERP sandbox as slow as a real Odoo 19 (cost scale ${costScale}), ${args['cost-orders']} orders`);
    runs.on = await runImport({ ...common, orders: Number(args['cost-orders']), costScale });
    printRun(say, runs.on);
  }
  printComparison(say, runs);
  mkdirSync(join(root, '.artifacts'), { recursive: true });
  writeFileSync(join(root, '.artifacts', 'bench-orders.json'), `${JSON.stringify(runs, null, 2)}\n`);
} finally {
  await pg?.stop();
  rmSync(scratch, { recursive: true, force: true });
}
