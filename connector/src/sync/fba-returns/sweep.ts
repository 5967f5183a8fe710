/**
 * One backend's sweep: in one transaction, the Reports core asked for the customer returns and the reimbursements of
 * each marketplace from the durable cursor (`sweep_cursor`, flow `fba-returns`; the first sweep
 * `fbaReturns.firstSweepDays` back) to five minutes ago, each returns window's re-reads scheduled (Amazon revises
 * dispositions for weeks: the window is read again 7 and 35 days after its end), and the cursor moved to the end.
 * Asking the same window twice is one request (the Reports core's unique window), so a repeated sweep is harmless.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import { withTransaction } from '../../core/tx.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { requestReport, splitReportWindows } from '../frame/reports/index.ts';
import { FBA_REIMBURSEMENTS_REPORT, FBA_RETURNS_FLOW, FBA_RETURNS_REPORT, Tasks, type RereadPayload } from './fba-returns.payloads.ts';
import { fbaReturnsSettings } from './fba-returns.settings.ts';

const DAY = 86_400_000;
/** Amazon's reports lag what happened: the newest five minutes are left to the next sweep. */
export const END_LAG_MS = 5 * 60_000;
/** When a returns window is read again, in days after its end. */
export const REREAD_AFTER_DAYS = [7, 35] as const;

export interface SweepResult {
  from: string;
  to: string;
  requests: number;
  rereads: number;
}

/** Schedules the re-reads of one returns window (job key per window and pass: a sweep repeated schedules nothing new). */
async function scheduleRereads(tx: Queryable, p: Omit<RereadPayload, 'afterDays'>): Promise<number> {
  for (const afterDays of REREAD_AFTER_DAYS) {
    const payload: RereadPayload = { ...p, afterDays };
    await enqueue(tx, Tasks.reread, payload, {
      runAt: new Date(new Date(p.end).getTime() + afterDays * DAY),
      jobKey: `${Tasks.reread}:${p.backendId}:${p.marketplaceId}:${p.start}:${afterDays}`,
      jobKeyMode: 'preserve_run_at',
    });
  }
  return REREAD_AFTER_DAYS.length;
}

export async function sweepFbaReturns(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, now = new Date()): Promise<SweepResult | null> {
  const backend = await env.core.backends.get(backendId);
  const cursor = await env.core.cursors.get(backendId, FBA_RETURNS_FLOW);
  const from = cursor ? cursor.lastUpdatedAfter : new Date(now.getTime() - fbaReturnsSettings.of(backend.settings).firstSweepDays * DAY);
  const to = new Date(now.getTime() - END_LAG_MS);
  if (from.getTime() >= to.getTime()) return null;
  return withTransaction(env.db.pool, async (tx) => {
    const result: SweepResult = { from: from.toISOString(), to: to.toISOString(), requests: 0, rereads: 0 };
    for (const marketplaceId of backend.marketplaceIds) {
      for (const reportType of [FBA_RETURNS_REPORT, FBA_REIMBURSEMENTS_REPORT]) {
        for (const w of splitReportWindows(reportType, from, to, now)) {
          await requestReport(tx, { backendId, flow: FBA_RETURNS_FLOW, reportType, marketplaceId, ...w });
          result.requests++;
          if (reportType === FBA_RETURNS_REPORT) result.rereads += await scheduleRereads(tx, { backendId, marketplaceId, start: w.dataStartTime, end: w.dataEndTime });
        }
      }
    }
    await env.core.cursors.advance(backendId, FBA_RETURNS_FLOW, to, tx);
    return result;
  });
}

/**
 * The window of a re-read: the first window with its end moved `afterDays` seconds later. The Reports core keeps
 * one request per exact window (a second ask of the same one answers the first, already delivered), so a re-read
 * is a window of its own; the few extra seconds overlap the next window, which the keyed rows make harmless.
 */
export function rereadWindow(p: Pick<RereadPayload, 'start' | 'end' | 'afterDays'>): { dataStartTime: string; dataEndTime: string } {
  return { dataStartTime: p.start, dataEndTime: new Date(new Date(p.end).getTime() + p.afterDays * 1000).toISOString() };
}

/** Asks the Reports core for one window again (a job run twice asks once: the unique window). */
export async function rereadFbaReturns(env: Pick<TaskEnv, 'db'>, p: RereadPayload): Promise<{ requestId: number; created: boolean }> {
  return withTransaction(env.db.pool, (tx) =>
    requestReport(tx, { backendId: p.backendId, flow: FBA_RETURNS_FLOW, reportType: FBA_RETURNS_REPORT, marketplaceId: p.marketplaceId, ...rereadWindow(p) }),
  );
}
