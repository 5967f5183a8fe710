/**
 * The settlement's three measured stages, each on its own:
 *
 * 1. parse + store, in a child process (store-child.ts): the gzipped report streamed from disk through the
 *    connector's flat-file reader (the same `readFlatFile` the Reports adapter's `rows` runs over the download:
 *    gunzip, decode, csv-parse on tabs) into `storeSettlement` (batches of 500 rows); its peak RSS is the child's
 *    VmHWM, the sandboxes and the seeding not in it;
 * 2. posting: `postSettlement` (the task's own function, here in the bench's process) against the ERP sandbox with
 *    its cost model on; the stage ends when the ledger's last entry is `posted` (polled every 50 ms), where the
 *    reconciliation of the entries' order lines begins; the ERP's cost report is read at both points;
 * 3. the reconciliation read: the settlement's three-way reconciliation and its variances, as the routes compute
 *    them (`settlementReconciliation`, `allVariances`), timed on the connector's database.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CostSnapshot } from '../../sandbox/erp/src/index.ts';
import { postSettlement } from '../../connector/src/sync/settlements/posting/index.ts';
import { allVariances, settlementReconciliation } from '../../connector/src/sync/settlements/reconciliation/reconciliation.ts';
import type { RefundsStack } from '../refunds/refunds-stack.ts';

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

export interface StoreFigures {
  seconds: number; lines: number; linesPerSecond: number; rssBeforeMb: number; peakRssMb: number; heapPeakMb: number; outcome: string; code: string | null; unknownLines: number;
}

const execFileP = promisify(execFile);

/** The stage in a child process (store-child.ts): its peak RSS is its own, the sandboxes are not in it. */
export async function runStore(s: RefundsStack, path: string, reportId: string): Promise<StoreFigures> {
  const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
  const { stdout } = await execFileP(tsx, [join(import.meta.dirname, 'store-child.ts'), s.booted.config.databaseUrl, String(s.backendId), path, reportId],
    { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as { seconds: number; stored: { settlementId: string; lines: number; outcome: string; code: string | null } | null;
    rssBeforeKb: number; peakRssKb: number; heapPeakBytes: number };
  if (!r.stored) throw new Error('the report held no settlement');
  const { rows: [u] } = await s.booted.db.pool.query<{ n: number }>(
    `select count(*)::int as n from settlement_line where backend_id = $1 and settlement_id = $2 and order_known = false`, [s.backendId, r.stored.settlementId]);
  return { seconds: round(r.seconds, 2), lines: r.stored.lines, linesPerSecond: Math.round(r.stored.lines / r.seconds), rssBeforeMb: round(r.rssBeforeKb / 1024, 1),
    peakRssMb: round(r.peakRssKb / 1024, 1), heapPeakMb: round(r.heapPeakBytes / 1048576, 1), outcome: r.stored.outcome, code: r.stored.code, unknownLines: u!.n };
}

export interface ErpStage { seconds: number; calls: number; modelledMs: number; overheadMs: number; busyShare: number; operations: Record<string, { calls: number; records: number; lines: number; modelledMs: number }> }
export interface PostFigures {
  lines: number; entries: number; entryLines: number; linesPerCreate: number; reconciledOrders: number; knownOrders: number;
  posting: ErpStage; reconciliation: ErpStage; erpCallsPerLine: number; settlementLinesPerErpCall: number; totalSeconds: number;
}

const diff = (a: CostSnapshot, b: CostSnapshot, seconds: number): ErpStage => {
  const operations: ErpStage['operations'] = {};
  for (const [k, o] of Object.entries(b.operations)) {
    const p = a.operations[k];
    const calls = o.calls - (p?.calls ?? 0);
    if (calls > 0) operations[k] = { calls, records: o.records - (p?.records ?? 0), lines: o.lines - (p?.lines ?? 0), modelledMs: round(o.modelledMs - (p?.modelledMs ?? 0), 1) };
  }
  return { seconds: round(seconds, 2), calls: b.calls - a.calls, modelledMs: round(b.modelledMs - a.modelledMs, 1), overheadMs: round(b.overheadMs - a.overheadMs, 1),
    busyShare: round(b.busyShare * 100, 1), operations };
};

export async function runPosting(s: RefundsStack, settlementId: string, lines: number, knownOrders: number): Promise<PostFigures> {
  const db = s.booted.db.pool;
  await fetch(`${s.erpUrl}/_sandbox/cost/reset`, { method: 'POST' });
  const zero = await s.erpGet<CostSnapshot>('/_sandbox/cost');
  const t0 = performance.now();
  let postedAt: { t: number; cost: CostSnapshot } | null = null;
  let polling = true;
  // The stage boundary: every ledger row posted, none reconciled yet (the posting makes all entries first).
  const poll = (async () => {
    while (polling && !postedAt) {
      const { rows: [r] } = await db.query<{ n: number; posted: number }>(
        `select count(*)::int as n, count(*) filter (where state = 'posted')::int as posted from settlement_posting where backend_id = $1 and settlement_id = $2`, [s.backendId, settlementId]);
      if (r!.n > 0 && r!.posted === r!.n) postedAt = { t: performance.now(), cost: await s.erpGet<CostSnapshot>('/_sandbox/cost') };
      else await new Promise((res) => setTimeout(res, 50));
    }
  })();
  const outcome = await postSettlement(s.booted, s.backendId, settlementId);
  const t1 = performance.now();
  polling = false;
  await poll;
  const end = await s.erpGet<CostSnapshot>('/_sandbox/cost');
  const mid = postedAt ?? { t: t1, cost: end };
  const { rows: [l] } = await db.query<{ entries: number; lines: number }>(
    `select count(*)::int as entries, sum(line_count)::int as lines from settlement_posting where backend_id = $1 and settlement_id = $2 and kind = 'entry'`, [s.backendId, settlementId]);
  const posting = diff(zero, mid.cost, (mid.t - t0) / 1000);
  const reconciliation = diff(mid.cost, end, (t1 - mid.t) / 1000);
  const calls = end.calls - zero.calls;
  const creates = posting.operations['account.move.create'];
  return {
    lines, entries: l!.entries, entryLines: l!.lines, linesPerCreate: creates ? round(creates.lines / creates.calls, 1) : 0,
    reconciledOrders: outcome.reconciledOrders, knownOrders, posting, reconciliation,
    erpCallsPerLine: round(calls / lines, 5), settlementLinesPerErpCall: round(lines / Math.max(1, calls), 1), totalSeconds: round((t1 - t0) / 1000, 2),
  };
}

export interface ReadFigures { reconciliationSeconds: number; groups: number; variances: number; unexplained: number; variancesSeconds: number; variancesListed: number; byReason: Record<string, number> }

export async function runReconciliationRead(s: RefundsStack, settlementId: string): Promise<ReadFigures> {
  const db = s.booted.db.pool;
  const t0 = performance.now();
  const r = await settlementReconciliation(db, s.backendId, settlementId);
  const t1 = performance.now();
  const v = await allVariances(db, s.backendId, { settlementId });
  const t2 = performance.now();
  if (!r) throw new Error(`no reconciliation for settlement ${settlementId}`);
  const byReason: Record<string, number> = {};
  for (const x of r.variances) byReason[x.reason] = (byReason[x.reason] ?? 0) + 1;
  return { reconciliationSeconds: round((t1 - t0) / 1000, 2), groups: r.groups.length, variances: r.variances.length, unexplained: r.unexplained,
    variancesSeconds: round((t2 - t1) / 1000, 2), variancesListed: v.length, byReason };
}
