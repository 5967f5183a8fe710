/**
 * Bench: a warehouse's morning batch of Buy Shipping labels (issue 15): `--deliveries` ready deliveries of
 * merchant-fulfilled Amazon orders asked for at once through the batch (`createBatch`, as
 * `POST /api/backends/{id}/labels/batches` does), bought by the connector's worker processes through the shared
 * quota gate; prints labels bought per second, the getRates and purchaseShipment calls against their usage plan
 * (80/s, burst 100 each: the share of the quota used over the run) and any 429 (bench/README.md, "Labels").
 *
 *   npm run bench:labels -- [--deliveries 1000] [--workers 2] [--concurrency 4] [--erp-cost-scale 0.001]
 *
 * The ERP sandbox runs its cost model at a tiny scale (`--erp-cost-scale`, default 0.001: a real Odoo's time
 * x 0.001, next to nothing) only to count the ERP calls the batch makes (`GET /_sandbox/cost`).
 *
 * The orders are imported and their deliveries made ready first (not timed). Everything runs on 127.0.0.1: an
 * embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), both sandboxes in this process, the workers as child
 * processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { batchProgress, createBatch } from '../connector/src/sync/labels/label-batch.ts';
import { startStack } from '../test/support/connector-stack.ts';
import { DE, makeReady, SHIP_FROM } from '../test/support/labels.ts';
import { openDelivery } from '../test/support/shipments.ts';
import { withBenchDb } from './bench-db.ts';

const { values: args } = parseArgs({ options: { deliveries: { type: 'string', default: '1000' }, workers: { type: 'string', default: '2' }, concurrency: { type: 'string', default: '4' },
  'erp-cost-scale': { type: 'string', default: '0.001' } } });
const wanted = Number(args.deliveries);
const say = (s: string) => console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${s}`);
const root = join(import.meta.dirname, '..');
/** Shipping v2's documented plan for getRates and purchaseShipment alike (shippingV2.json). */
const PLAN = { rate: 80, burst: 100 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

await withBenchDb(async (adminUrl) => {
  const stack = await startStack({ adminUrl, label: 'bench_labels', workerConcurrency: Number(args.concurrency), erpSandbox: { modules: ['stock_delivery'], cost: { scale: Number(args['erp-cost-scale']) } }, amazon: { returnShare: 0, refundShare: 0 } });
  try {
    await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { labels: { enabled: true } }, labels: { shipFrom: SHIP_FROM } } });
    const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: Math.ceil(wanted * 1.1) + 3, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT',
      createdFrom: new Date(Date.now() - 3 * 3_600_000).toISOString(), createdTo: new Date(Date.now() - 2 * 3_600_000).toISOString() });
    const workers = Array.from({ length: Number(args.workers) }, (_, i) => stack.startWorker(`labels-bench-${i}`));
    say(`importing ${ids.length} merchant orders, then making ${wanted} deliveries ready (not timed)`);
    await stack.waitForIdle(1_800_000, ids.length);
    const pickings: number[] = [];
    for (const id of ids) {
      if (pickings.length === wanted) break;
      try {
        const p = await openDelivery(stack, id);
        await makeReady(stack, p);
        pickings.push(p);
      } catch { /* not imported (an odd drawn order): left out */ }
    }
    const before = Object.fromEntries(stack.amazon.calls().operations.map((o) => [o.operation, o.calls]));
    stack.erp.sandbox.resetCost();
    const startedAt = Date.now();
    const batchId = await createBatch(stack.env.db.pool, stack.backendId, pickings);
    say(`batch ${batchId}: ${pickings.length} deliveries queued`);
    let progress = await batchProgress(stack.env.db.pool, stack.backendId, batchId);
    while (!progress.done) {
      for (const w of workers) if (w.proc.exitCode !== null) throw new Error(`${w.name} exited:\n${w.tail()}`);
      await sleep(200);
      progress = await batchProgress(stack.env.db.pool, stack.backendId, batchId);
    }
    const seconds = (Date.now() - startedAt) / 1000;
    const snapshot = stack.amazon.calls();
    const cost = stack.erp.sandbox.cost();
    const erpCalls = 'calls' in cost ? cost.calls : 0;
    const erpOps = 'operations' in cost ? Object.entries(cost.operations).sort((a, b) => b[1].calls - a[1].calls).slice(0, 8).map(([op, o]) => `${op} ${o.calls}`) : [];
    const calls = (op: string) => (snapshot.operations.find((o) => o.operation === op)?.calls ?? 0) - (before[op] ?? 0);
    const throttled = snapshot.operations.filter((o) => o.operation === 'getRates' || o.operation === 'purchaseShipment').reduce((n, o) => n + (o.throttled ?? 0), 0);
    const allowed = PLAN.burst + PLAN.rate * seconds;
    const figures = {
      deliveries: pickings.length, labelled: progress.labelled, failed: progress.failed, notEligible: progress.notEligible, seconds: Math.round(seconds * 100) / 100,
      labelsPerSecond: Math.round((progress.labelled / seconds) * 100) / 100,
      getRates: calls('getRates'), purchaseShipment: calls('purchaseShipment'), throttled,
      quotaShare: { getRates: Math.round((calls('getRates') / allowed) * 1000) / 10, purchaseShipment: Math.round((calls('purchaseShipment') / allowed) * 1000) / 10 },
      erpCalls, erpCallsPerDelivery: Math.round((erpCalls / Math.max(1, pickings.length)) * 100) / 100, erpOperations: erpOps,
      workers: workers.length, concurrency: Number(args.concurrency), problems: progress.problems.slice(0, 5),
    };
    say('');
    say(`| ${figures.deliveries} deliveries in one batch (${figures.workers} workers x ${figures.concurrency}) | figure |`);
    say('| --- | --- |');
    say(`| labels bought | ${figures.labelled} in ${figures.seconds} s (failed ${figures.failed}, not eligible ${figures.notEligible}) |`);
    say(`| **labels per second** | **${figures.labelsPerSecond}** |`);
    say(`| getRates / purchaseShipment calls | ${figures.getRates} / ${figures.purchaseShipment}, ${throttled} answered 429 |`);
    say(`| ERP calls per delivery (the sandbox's counter, cost model x${args['erp-cost-scale']}) | ${figures.erpCallsPerDelivery} (${erpCalls} calls: ${erpOps.join(', ')}) |`);
    say(`| share of the quota used (calls / (burst + rate x run time), plan ${PLAN.rate}/s burst ${PLAN.burst}) | getRates ${figures.quotaShare.getRates} %, purchaseShipment ${figures.quotaShare.purchaseShipment} % |`);
    mkdirSync(join(root, '.artifacts'), { recursive: true });
    writeFileSync(join(root, '.artifacts', 'bench-labels.json'), `${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await stack.close();
  }
});
