/**
 * Bench: one Amazon settlement of `--lines` lines parsed and stored, posted to the ERP and reconciled (issue 16),
 * against the ERP sandbox with its cost model of a real Odoo 19 on (bench/README.md, "Settlements").
 *
 *   npm run bench:settlements -- [--lines 100000] [--known-orders 300] [--cost-scale 1] [--max-lines 200]
 *
 * `--known-orders` merchant orders are seeded first, not timed (imported and invoiced through the connector, the ERP
 * at its own speed: bench/refunds/seed-invoiced.ts); the report settles each of them for its invoice's amount, and
 * fills the rest of its lines with FBA orders the connector never imported, their refunds and the account's fees
 * (bench/settlements/make-report.ts). Then the ERP sandbox restarts with its cost model on, and the three stages run
 * one after the other (bench/settlements/run-settlement.ts). Prints a table; `.artifacts/bench-settlements.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { costOf } from '../sandbox/erp/src/cost/odoo19-costs.ts';
import { withBenchDb } from './bench-db.ts';
import { startRefundsStack } from './refunds/refunds-stack.ts';
import { seedInvoicedOrders } from './refunds/seed-invoiced.ts';
import { makeSettlementReport, type KnownOrder } from './settlements/make-report.ts';
import { runPosting, runReconciliationRead, runStore } from './settlements/run-settlement.ts';

const { values: args } = parseArgs({
  options: {
    lines: { type: 'string', default: '100000' }, 'known-orders': { type: 'string', default: '300' }, 'cost-scale': { type: 'string', default: '1' },
    'max-lines': { type: 'string', default: '200' },
  },
});
const lines = Number(args.lines);
const knownWanted = Number(args['known-orders']);
const costScale = Number(args['cost-scale']);
const maxLines = Number(args['max-lines']);
const say = (s: string) => console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${s}`);
const root = join(import.meta.dirname, '..');

/** The modelled Odoo's time for one entry of `n` lines: its create and its `action_post` (costOf: sandbox/erp's cost table). */
function entryCost(n: number) {
  const create = costOf({ model: 'account.move', method: 'create', records: 1, lines: n, returned: 0, failed: false }).ms;
  const post = costOf({ model: 'account.move', method: 'action_post', records: 1, lines: n, returned: 0, failed: false }).ms;
  return { n, create, post, perLine: (create + post) / n };
}

await withBenchDb(async (adminUrl, scratch) => {
  const stack = await startRefundsStack(adminUrl, say);
  try {
    const seeded = knownWanted > 0 ? await seedInvoicedOrders(stack, knownWanted, say) : { invoiced: [], seconds: 0 };
    const { rows } = await stack.booted.db.pool.query<{ id: string; total: string }>(
      `select key as id, detail->>'total' as total from record_state where backend_id = $1 and flow = 'orders' and key = any($2) and detail->>'total' is not null`,
      [stack.backendId, seeded.invoiced.slice(0, knownWanted)]);
    const known: KnownOrder[] = rows.map((r) => ({ orderId: r.id, totalMinor: Math.round(Number(r.total) * 100), sku: 'BENCH' }));
    // The posting reads the backend's settings fresh at each run: the cut is what the service stores.
    if (maxLines !== 200) await stack.booted.core.backends.update(stack.backendId, { settings: { settlements: { postingMaxLines: maxLines } } });

    const path = join(scratch, 'settlement.tsv.gz');
    const t0 = Date.now();
    const settlementId = String(20_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    const report = await makeSettlementReport(path, { lines, known, settlementId });
    say(`report: ${report.lines} lines (${report.knownOrders} known orders, ${report.unknownOrders} never imported, ${report.refunds} refunds), ${(report.bytesGz / 1e6).toFixed(1)} MB gzipped, made in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    say(`ERP sandbox restarted with its cost model on (x${costScale})`);
    await stack.restartErp(costScale);
    const store = await runStore(stack, path, `bench-${settlementId}`);
    say(`stored: ${JSON.stringify(store)}`);
    const post = await runPosting(stack, settlementId, report.lines, report.knownOrders);
    say(`posted: ${post.entries} entries in ${post.totalSeconds} s`);
    const read = await runReconciliationRead(stack, settlementId);

    const ops = (o: Record<string, { calls: number; records: number; lines: number; modelledMs: number }>) =>
      Object.entries(o).sort(([, a], [, b]) => b.modelledMs - a.modelledMs).slice(0, 6).map(([k, x]) => `${k} ${x.calls} calls ${Math.round(x.modelledMs)} ms`).join('; ');
    say('');
    say(`| settlement of ${report.lines.toLocaleString('en')} lines (${report.knownOrders} invoiced orders, ${report.unknownOrders} not imported), ERP cost model x${costScale} | figure |`);
    say('| --- | --- |');
    say(`| parse + store (stream from the gzipped file, batches of 500) | ${store.seconds} s (${store.linesPerSecond.toLocaleString('en')} lines/s), ${store.unknownLines} lines of unknown orders |`);
    say(`| **peak RSS of the parse + store process** (VmHWM) | **${store.peakRssMb} MB** (${store.rssBeforeMb} MB once loaded; V8 heap peak ${store.heapPeakMb} MB) |`);
    say(`| posting: entries, lines (lines per create) | ${post.entries} entries, ${post.entryLines} lines (${post.linesPerCreate} per create, at most ${maxLines}) |`);
    say(`| posting: seconds, ERP calls, modelled Odoo time | ${post.posting.seconds} s, ${post.posting.calls} calls, ${Math.round(post.posting.modelledMs)} ms |`);
    say(`| reconciliation with the invoices: seconds, ERP calls, orders reconciled | ${post.reconciliation.seconds} s, ${post.reconciliation.calls} calls, ${post.reconciledOrders} of ${post.knownOrders} |`);
    say(`| **ERP calls per settlement line** (posting + reconciliation) | **${post.erpCallsPerLine}** (${post.settlementLinesPerErpCall} lines per call) |`);
    say(`| reconciliation read (the route's computation): settlement | ${read.reconciliationSeconds} s, ${read.groups} groups, ${read.variances} variances (${JSON.stringify(read.byReason)}), unexplained ${read.unexplained} |`);
    say(`| reconciliation read: variances of the settlement | ${read.variancesSeconds} s, ${read.variancesListed} listed |`);
    say(`| **parsed, posted and reconciled** | **${(store.seconds + post.totalSeconds).toFixed(1)} s** (+ the read ${(read.reconciliationSeconds + read.variancesSeconds).toFixed(1)} s) |`);
    say(`posting's modelled Odoo operations: ${ops(post.posting.operations)}`);
    say(`reconciliation's modelled Odoo operations: ${ops(post.reconciliation.operations)}`);
    const sizes = [10, 50, 100, 200, 400, 600, 1000].map(entryCost);
    say('');
    say('| lines per entry (cost model) | create ms | action_post ms | ms per line |');
    say('| --- | --- | --- | --- |');
    for (const c of sizes) say(`| ${c.n} | ${Math.round(c.create)} | ${Math.round(c.post)} | ${c.perLine.toFixed(1)} |`);
    mkdirSync(join(root, '.artifacts'), { recursive: true });
    writeFileSync(join(root, '.artifacts', 'bench-settlements.json'), `${JSON.stringify({ costScale, maxLines, seeded: { invoiced: seeded.invoiced.length, seconds: seeded.seconds },
      report, store, post, read, entryCosts: sizes }, null, 2)}\n`);
  } finally {
    await stack.close();
  }
});
