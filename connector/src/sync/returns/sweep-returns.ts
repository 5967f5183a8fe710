/**
 * The returns sweep of one backend: it asks the Reports core for the merchant returns report
 * (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE) of every marketplace of the backend, from the durable cursor less
 * `returns.rereadDays` (a return's row changes after its request date: authorised, delivered back, refunded) to a
 * minute ago, in windows of at most 60 days; the first sweep reads `returns.firstSweepDays` back. The requests and
 * the cursor's move are one transaction: either both or neither. Reports are asynchronous: the rows reach
 * `stageReturns` later, once per report, through the Reports core.
 */
import { withTransaction } from '../../core/tx.ts';
import type { FlowJob } from '../frame/flow.ts';
import { requestReport, splitReportWindows } from '../frame/reports/index.ts';
import { RETURNS_FLOW, RETURNS_REPORT } from './returns.payloads.ts';
import { returnsSettings } from './returns.settings.ts';

const DAY_MS = 86_400_000;
/** Windows end a minute back: Amazon refuses a range that ends in the future (clocks differ). */
export const END_LAG_MS = 60_000;

export interface ReturnsSweep {
  from: string;
  to: string;
  requested: number;
  created: number;
}

/** Whether the backend's last sweep (its cursor: the end of the window it asked for) is `minutes` old or more. */
export async function sweepDue(env: Pick<FlowJob['env'], 'core'>, backendId: number, minutes: number, now: number = Date.now()): Promise<boolean> {
  const cursor = await env.core.cursors.get(backendId, RETURNS_FLOW);
  // The cursor lags the sweep by END_LAG_MS: a sweep every `minutes` is due that much earlier.
  return !cursor || now - cursor.lastUpdatedAfter.getTime() >= minutes * 60_000 + END_LAG_MS - 5_000;
}

export async function sweepReturns(job: Pick<FlowJob, 'env'>, backendId: number, now: Date = new Date()): Promise<ReturnsSweep> {
  const { env } = job;
  const backend = (await env.runtimes.get(backendId)).backend;
  const settings = returnsSettings.of(backend.settings);
  const cursor = await env.core.cursors.get(backendId, RETURNS_FLOW);
  const to = new Date(now.getTime() - END_LAG_MS);
  const from = cursor
    ? new Date(Math.min(cursor.lastUpdatedAfter.getTime(), to.getTime()) - settings.rereadDays * DAY_MS)
    : new Date(to.getTime() - settings.firstSweepDays * DAY_MS);
  const windows = splitReportWindows(RETURNS_REPORT, from, to, now);
  return withTransaction(env.db.pool, async (tx) => {
    let requested = 0;
    let created = 0;
    for (const marketplaceId of backend.marketplaceIds) {
      for (const w of windows) {
        const r = await requestReport(tx, { backendId, flow: RETURNS_FLOW, reportType: RETURNS_REPORT, marketplaceId, ...w });
        requested++;
        if (r.created) created++;
      }
    }
    await env.core.cursors.advance(backendId, RETURNS_FLOW, to, tx);
    return { from: from.toISOString(), to: to.toISOString(), requested, created };
  });
}
