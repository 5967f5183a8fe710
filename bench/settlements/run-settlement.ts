/**
 * The settlement's three measured stages, each on its own:
 *
 * 1. parse + store: the gzipped report streamed from disk through the connector's flat-file reader (the same
 *    `readFlatFile` the Reports adapter's `rows` runs over the download: gunzip, decode, csv-parse on tabs) into
 *    `storeSettlement` (batches of 500 rows). The process's peak RSS is read from the kernel (VmHWM) after resetting
 *    it just before the stage (`/proc/self/clear_refs` 5), so the seeding's and the generator's memory do not count;
 * 2. posting: `postSettlement` (the task's own function, here in the bench's process) against the ERP sandbox with
 *    its cost model on; the stage ends when the ledger's last entry is `posted` (polled every 50 ms), where the
 *    reconciliation of the entries' order lines begins; the ERP's cost report is read at both points;
 * 3. the reconciliation read: the settlement's three-way reconciliation and its variances, as the routes compute
 *    them (`settlementReconciliation`, `allVariances`), timed on the connector's database.
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import type { CostSnapshot } from '../../sandbox/erp/src/index.ts';
import { readFlatFile } from '../../connector/src/amazon/report-flat-file.ts';
import { postSettlement } from '../../connector/src/sync/settlements/posting/index.ts';
import { allVariances, settlementReconciliation } from '../../connector/src/sync/settlements/reconciliation/reconciliation.ts';
import { SETTLEMENT_SPEC } from '../../connector/src/sync/settlements/settlement-spec.ts';
import { storeSettlement } from '../../connector/src/sync/settlements/store-settlement.ts';
import type { RefundsStack } from '../refunds/refunds-stack.ts';

const DE = 'A1PA6795UKMFR9';
const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

function vmKb(field: 'VmHWM' | 'VmRSS'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

export interface StoreFigures { seconds: number; lines: number; linesPerSecond: number; rssBeforeMb: number; peakRssMb: number; peakAboveBeforeMb: number; outcome: string; code: string | null; unknownLines: number }

export async function runStore(s: RefundsStack, path: string, reportId: string): Promise<StoreFigures> {
  global.gc?.();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch { /* not Linux or not allowed: VmHWM then holds the whole run's peak (said by the figure being high) */ }
  const before = vmKb('VmRSS');
  const t0 = performance.now();
  const stored = await storeSettlement(s.booted.db.pool, s.booted.core.conflicts, s.backendId, { reportId, marketplaceId: DE },
    readFlatFile({ body: createReadStream(path), compression: 'GZIP', contentType: 'text/tab-separated-values;charset=UTF-8', marketplaceId: DE }, SETTLEMENT_SPEC));
  const seconds = (performance.now() - t0) / 1000;
  const peak = vmKb('VmHWM');
  if (!stored) throw new Error('the report held no settlement');
  const { rows: [u] } = await s.booted.db.pool.query<{ n: number }>(
    `select count(*)::int as n from settlement_line where backend_id = $1 and settlement_id = $2 and order_known = false`, [s.backendId, stored.settlementId]);
  return { seconds: round(seconds, 2), lines: stored.lines, linesPerSecond: Math.round(stored.lines / seconds), rssBeforeMb: round(before / 1024, 1),
    peakRssMb: round(peak / 1024, 1), peakAboveBeforeMb: round((peak - before) / 1024, 1), outcome: stored.outcome, code: stored.code, unknownLines: u!.n };
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
    `select count(*)::int as entries, sum(line_count)::int as lines from settlement_posting where backend_id = $1 and settlement_id = $2`, [s.backendId, settlementId]);
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
