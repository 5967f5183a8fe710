/**
 * Bench: Amazon refunds turned into posted ERP credit notes (issue 14), against the ERP sandbox with its cost model
 * of a real Odoo 19 on: credit notes per second, ERP calls per refund, connector CPU per refund, the worker's peak
 * memory; then the latency from a refund made on the Amazon sandbox to its posted credit note through the
 * TRANSACTION_UPDATE notification (bench/README.md, "Refunds").
 *
 *   npm run bench:refunds -- [--refunds 10000] [--latency-refunds 50] [--gap 1] [--clocks aged] [--cost-scale 1] [--concurrency 4]
 *
 * `--refunds` invoiced orders are seeded first, not timed (imported and invoiced through the connector, the ERP at
 * its own speed), plus `--latency-refunds` + 1 per clock for the latency runs. Everything runs on 127.0.0.1: an
 * embedded PostgreSQL (or BENCH_DATABASE_URL, an admin URL), the Amazon sandbox in this process, the ERP sandbox and
 * the connector's workers as child processes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { withBenchDb } from './bench-db.ts';
import { runCredits, type CreditFigures } from './refunds/credit-run.ts';
import { runLatency, setChannel, type LatencyRunFigures } from './refunds/notified-latency.ts';
import { startRefundsStack } from './refunds/refunds-stack.ts';
import { seedInvoicedOrders } from './refunds/seed-invoiced.ts';

const { values: args } = parseArgs({
  options: {
    refunds: { type: 'string', default: '10000' }, 'latency-refunds': { type: 'string', default: '50' }, gap: { type: 'string', default: '1' },
    clocks: { type: 'string', default: 'aged' }, 'cost-scale': { type: 'string', default: '1' }, concurrency: { type: 'string', default: '4' },
    // The latency runs' ERP cost model when it differs from the throughput run's (a big backend built faster).
    'latency-cost-scale': { type: 'string' },
    // The backend's full sweep queued as the measured refunds start: the worst case of the 15-minute crontab.
    'sweep-during-latency': { type: 'boolean', default: false },
  },
});
const clocks = args.clocks!.split(',').filter(Boolean) as Array<'aged' | 'real'>;
if (clocks.some((c) => c !== 'aged' && c !== 'real')) throw new Error(`--clocks ${args.clocks}: aged, real or both`);
const refunds = Number(args.refunds);
const latencyRefunds = Number(args['latency-refunds']);
const costScale = Number(args['cost-scale']);
const latencyCostScale = args['latency-cost-scale'] === undefined ? costScale : Number(args['latency-cost-scale']);
const concurrency = Number(args.concurrency);
const say = (s: string) => console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${s}`);
const root = join(import.meta.dirname, '..');

await withBenchDb(async (adminUrl) => {
  const stack = await startRefundsStack(adminUrl, say);
  try {
    const perClock = latencyRefunds > 0 ? latencyRefunds + 1 : 0;
    const seeded = await seedInvoicedOrders(stack, refunds + perClock * clocks.length, say);
    const forLatency = perClock * clocks.length;
    const orders = seeded.invoiced.slice(0, Math.min(refunds, Math.max(0, seeded.invoiced.length - forLatency)));
    let credits: CreditFigures | null = null;
    if (orders.length) credits = await runCredits(stack, { orderIds: orders, costScale, concurrency, say });
    if (credits) {
      const c = credits;
      say('');
      say(`| ${c.refunds} refunds (ERP cost model x${c.costScale}, worker concurrency ${c.concurrency}) | figure |`);
      say('| --- | --- |');
      say(`| credit notes posted | ${c.credited} in ${c.seconds} s; others: ${JSON.stringify(c.others)} |`);
      say(`| **credit notes per second** | **${c.creditNotesPerSecond}** |`);
      say(`| ERP calls per refund | ${c.erpCallsPerRefund} (${c.erpCalls} calls) |`);
      say(`| modelled Odoo ms per refund, busy share | ${c.modelledOdooMsPerRefund} ms, ${c.erpBusyShare} % |`);
      say(`| connector CPU per refund | ${c.connectorCpuMsPerRefund} ms |`);
      say(`| worker peak RSS (VmHWM) | ${c.workerPeakRssMb} MB |`);
      say(`the modelled Odoo's costliest operations per refund: ${c.topOperations.map((t) => `${t.operation} ${t.modelledMsPerRefund} ms (${t.callsPerRefund} calls, ${t.recordsPerCall} records a call)`).join('; ')}`);
    }
    const latency: LatencyRunFigures[] = [];
    if (perClock > 0) {
      if (latencyCostScale !== costScale || !orders.length) await stack.restartErp(latencyCostScale);
      await setChannel(stack);
      const rest = seeded.invoiced.slice(orders.length, orders.length + forLatency);
      for (const [i, clock] of clocks.entries()) {
        latency.push(await runLatency(stack, { orderIds: rest.slice(i * perClock, (i + 1) * perClock), clock, gapSeconds: Number(args.gap), concurrency, sweepDuring: args['sweep-during-latency']!, say }));
      }
      say('');
      say('| refund -> posted credit note, by TRANSACTION_UPDATE | n | p50 s | p95 s | max s | missing | notifications stored | listTransactions calls (429s) | target |');
      say('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const l of latency) {
        const what = l.clock === 'aged' ? 'posted 10 min back on Amazon (the connector\'s part)' : 'posted now (Amazon lists it 2 min later)';
        say(`| ${what}, ${l.gapSeconds} s apart${l.sweepDuring ? ', the full sweep queued at the start' : ''} (ERP cost x${latencyCostScale}) | ${l.n} | ${l.p50} | ${l.p95} | ${l.max} | ${l.missing} | ${l.notificationsStored} | ${l.listTransactionsCalls} (${l.listTransactionsThrottled}) | p95 < 5 s |`);
      }
    }
    mkdirSync(join(root, '.artifacts'), { recursive: true });
    writeFileSync(join(root, '.artifacts', 'bench-refunds.json'), `${JSON.stringify({ seeded: { ...seeded, invoiced: seeded.invoiced.length }, credits, latency }, null, 2)}\n`);
  } finally {
    await stack.close();
  }
});
