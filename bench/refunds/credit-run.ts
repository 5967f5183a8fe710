/**
 * The throughput run: one full refund per seeded order made on Amazon (posted ten minutes ago, so the first sweep
 * lists them all: what is measured is the connector's work, not Amazon's two-minute listing delay), then, against
 * the ERP sandbox with its cost model on, a fresh worker and one `refunds:sweep` job: the sweep stores the refunds
 * (Finances `listTransactions` at its documented 0.5/s, pages of 500) and queues one credit-note job each. Timed
 * from the sweep queued to the last refund's record state written `credited` (PostgreSQL's clock at both ends).
 */
import type { CostSnapshot } from '../../sandbox/erp/src/index.ts';
import { procStats } from '../proc-stats.ts';
import type { RefundsStack } from './refunds-stack.ts';

export interface CreditFigures {
  refunds: number;
  credited: number;
  /** Refunds in another state at the end, by state and code (conflicts of the generated mix, failures). */
  others: Record<string, number>;
  seconds: number;
  creditNotesPerSecond: number;
  erpCalls: number;
  erpCallsPerRefund: number;
  /** The modelled Odoo's time per refund (not scaled) and its busy share of the window. */
  modelledOdooMsPerRefund: number;
  erpBusyShare: number;
  connectorCpuMsPerRefund: number;
  workerPeakRssMb: number;
  costScale: number;
  concurrency: number;
  /** Where the modelled Odoo's time goes: the costliest operations, per refund. */
  topOperations: Array<{ operation: string; callsPerRefund: number; modelledMsPerRefund: number; recordsPerCall: number }>;
}

interface RefundAnswer { transaction: { relatedIdentifiers: Array<{ relatedIdentifierName: string; relatedIdentifierValue: string }> } }

/**
 * Refunds every order in full on the Amazon sandbox (its admin API), `parallel` at a time, posted `postedMinutesAgo`
 * back (only the refund is dated back: Amazon's clock and usage plans run on); answers the refund ids.
 */
export async function refundOrders(s: RefundsStack, orderIds: string[], parallel = 8, postedMinutesAgo = 0): Promise<string[]> {
  const out: string[] = [];
  let next = 0;
  const one = async () => {
    while (next < orderIds.length) {
      const id = orderIds[next++]!;
      const res = await fetch(`${s.amazon.url}/_sandbox/orders/${id}/refund`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ postedMinutesAgo }) });
      if (!res.ok) throw new Error(`refund of ${id}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
      const { transaction: t } = (await res.json()) as RefundAnswer;
      out.push(t.relatedIdentifiers.find((r) => r.relatedIdentifierName === 'REFUND_ID')!.relatedIdentifierValue);
    }
  };
  await Promise.all(Array.from({ length: parallel }, one));
  return out;
}

export async function runCredits(s: RefundsStack, o: { orderIds: string[]; costScale: number; concurrency: number; say: (x: string) => void }): Promise<CreditFigures> {
  const db = s.booted.db.pool;
  // Posted ten minutes ago: listed at once.
  const refundIds = await refundOrders(s, o.orderIds, 8, 10);
  o.say(`credits: ${refundIds.length} full refunds made on Amazon; ERP sandbox restarted with its cost model on (x${o.costScale})`);
  await s.restartErp(o.costScale);
  const worker = s.startWorker('credit-worker', o.concurrency);
  // The worker's own start (boot, crontab, the set-up of its runtimes) is not measured: wait until it idles.
  await new Promise((r) => setTimeout(r, 5_000));
  await fetch(`${s.erpUrl}/_sandbox/cost/reset`, { method: 'POST' });
  const cpu0 = procStats(worker.proc.pid!).cpuMs;
  const sample = setInterval(() => procStats(worker.proc.pid!), 200);
  const { rows: [start] } = await db.query<{ at: Date }>(`select now() as at, graphile_worker.add_job('refunds:sweep', json_build_object('backendId', $1::int)) is not null as queued`, [s.backendId]);
  let lastSay = Date.now();
  try {
    for (;;) {
      const { rows: [c] } = await db.query<{ settled: number; credited: number; jobs: number }>(
        `select count(*) filter (where state <> 'queued')::int as settled, count(*) filter (where state = 'credited')::int as credited,
                (select count(*)::int from graphile_worker.jobs where task_identifier in ('refunds:sweep', 'refunds:credit', 'refunds:credit-batch')) as jobs
           from record_state where backend_id = $1 and flow = 'refunds' and key = any($2)`, [s.backendId, refundIds]);
      if (c!.settled >= refundIds.length && c!.jobs === 0) break;
      if (worker.proc.exitCode !== null) throw new Error(`the worker exited:\n${worker.tail()}`);
      if (Date.now() - lastSay > 30_000) {
        lastSay = Date.now();
        o.say(`credits: ${c!.credited} credited, ${c!.settled - c!.credited} otherwise settled, of ${refundIds.length} (${Math.round((Date.now() - start!.at.getTime()) / 1000)} s)`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    clearInterval(sample);
  }
  const usage = procStats(worker.proc.pid!);
  const cost = await s.erpGet<CostSnapshot>('/_sandbox/cost');
  await worker.stop();
  const { rows: [end] } = await db.query<{ last: Date | null; credited: number }>(
    `select max(updated_at) filter (where state = 'credited') as last, count(*) filter (where state = 'credited')::int as credited
       from record_state where backend_id = $1 and flow = 'refunds' and key = any($2)`, [s.backendId, refundIds]);
  const { rows: others } = await db.query<{ k: string; n: number }>(
    `select state || coalesce(' (' || code || ')', '') as k, count(*)::int as n from record_state
      where backend_id = $1 and flow = 'refunds' and key = any($2) and state <> 'credited' group by 1 order by 2 desc`, [s.backendId, refundIds]);
  const credited = end!.credited;
  const seconds = ((end!.last?.getTime() ?? Date.now()) - start!.at.getTime()) / 1000;
  const per = (x: number) => (credited ? x / credited : NaN);
  return {
    refunds: refundIds.length,
    credited,
    others: Object.fromEntries(others.map((r) => [r.k, r.n])),
    seconds: round(seconds, 1),
    creditNotesPerSecond: round(credited / seconds, 2),
    erpCalls: cost.calls,
    erpCallsPerRefund: round(per(cost.calls), 2),
    modelledOdooMsPerRefund: round(per(cost.modelledMs), 1),
    erpBusyShare: round(cost.busyShare * 100, 1),
    connectorCpuMsPerRefund: round(per(usage.cpuMs - cpu0), 2),
    workerPeakRssMb: round(usage.peakRssKb / 1024, 1),
    costScale: o.costScale,
    concurrency: o.concurrency,
    topOperations: Object.entries(cost.operations).sort(([, a], [, b]) => b.modelledMs - a.modelledMs).slice(0, 8)
      .map(([operation, x]) => ({ operation, callsPerRefund: round(per(x.calls), 2), modelledMsPerRefund: round(per(x.modelledMs), 1), recordsPerCall: round(x.records / Math.max(1, x.calls), 1) })),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
