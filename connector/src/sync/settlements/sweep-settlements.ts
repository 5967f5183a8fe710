/**
 * The settlements sweep of one backend: Amazon makes settlement reports on its own (createReport refuses the type),
 * so it lists them with getReports (DONE, all pages, `createdSince` the durable cursor less `overlapHours`; the
 * first sweep `firstSweepDays` back), oldest first, and stores each one whose report id no settlement holds yet:
 * its document downloaded, gunzipped and parsed as a stream (the Reports API adapter's `rows`), stored once per
 * settlement id (store-settlement.ts). Then the payouts: Finances v0 event groups that opened from a period before
 * the window on, stored and matched to the settlements by period and amount (sync-payouts.ts). The cursor moves to
 * the sweep's start only once every report and the payouts are stored, so a crash reads them again (and finds them
 * stored).
 */
import type { Report } from '../../amazon/reports-models.ts';
import type { FlowJob } from '../frame/flow.ts';
import { SETTLEMENT_SPEC } from './settlement-spec.ts';
import { SETTLEMENTS_FLOW, SETTLEMENT_REPORT } from './settlements.payloads.ts';
import { settlementsSettings } from './settlements.settings.ts';
import { storeSettlement, type StoreOutcome } from './store-settlement.ts';
import { storeAndMatchPayouts, type PayoutsSync } from './sync-payouts.ts';

const HOUR_MS = 3_600_000;
const KEPT_DAYS = 90;
/** A group opens a period (14 days, a few more around holidays) before its settlement's report: listed from that far back. */
const GROUP_LEAD_DAYS = 30;
/** Amazon lists no groups for a window over 180 days: a day inside it. */
const GROUP_WINDOW_DAYS = 179;

export interface SettlementsSweep { since: string; reports: number; skipped: number; outcomes: Record<StoreOutcome, number>; payouts: PayoutsSync }

/** Whether the backend's last sweep (its cursor) is `minutes` old or more. */
export async function sweepDue(env: Pick<FlowJob['env'], 'core'>, backendId: number, minutes: number, now: number = Date.now()): Promise<boolean> {
  const cursor = await env.core.cursors.get(backendId, SETTLEMENTS_FLOW);
  return !cursor || now - cursor.lastUpdatedAfter.getTime() >= minutes * 60_000 - 5_000;
}

export async function sweepSettlements(job: Pick<FlowJob, 'env'>, backendId: number, now: Date = new Date()): Promise<SettlementsSweep> {
  const { env } = job;
  const rt = await env.runtimes.get(backendId);
  const settings = settlementsSettings.of(rt.backend.settings);
  const cursor = await env.core.cursors.get(backendId, SETTLEMENTS_FLOW);
  const wanted = cursor ? cursor.lastUpdatedAfter.getTime() - settings.overlapHours * HOUR_MS : now.getTime() - settings.firstSweepDays * 24 * HOUR_MS;
  // Amazon refuses a createdSince beyond its 90 days of reports: an hour inside them (clocks differ).
  const since = new Date(Math.max(wanted, now.getTime() - KEPT_DAYS * 24 * HOUR_MS + HOUR_MS));
  const reports: Report[] = await rt.amazon.reports.getReports({ reportTypes: [SETTLEMENT_REPORT], processingStatuses: ['DONE'], createdSince: since.toISOString() });
  reports.sort((a, b) => a.createdTime.localeCompare(b.createdTime) || a.reportId.localeCompare(b.reportId));
  const outcomes: Record<StoreOutcome, number> = { new: 0, same: 0, changed: 0 };
  let skipped = 0;
  for (const report of reports) {
    if (!report.reportDocumentId) continue;
    const { rows } = await env.db.pool.query(`select 1 from settlement where backend_id = $1 and amazon_report_id = $2`, [backendId, report.reportId]);
    if (rows.length) {
      skipped++;
      continue;
    }
    const document = await rt.amazon.reports.getReportDocument(report.reportDocumentId);
    const marketplaceId = report.marketplaceIds?.[0] ?? rt.backend.marketplaceIds[0] ?? '';
    const stored = await storeSettlement(env.db.pool, env.core.conflicts, backendId, { reportId: report.reportId, marketplaceId },
      rt.amazon.reports.rows(document, SETTLEMENT_SPEC, marketplaceId));
    if (stored) outcomes[stored.outcome]++;
  }
  const startedAfter = new Date(Math.max(since.getTime() - GROUP_LEAD_DAYS * 24 * HOUR_MS, now.getTime() - GROUP_WINDOW_DAYS * 24 * HOUR_MS));
  const groups = await rt.amazon.financialEventsV0.eventGroups({ startedAfter });
  const payouts = await storeAndMatchPayouts(env.db.pool, backendId, groups, startedAfter, settings.payoutMatchHours * HOUR_MS);
  await env.core.cursors.advance(backendId, SETTLEMENTS_FLOW, now);
  return { since: since.toISOString(), reports: reports.length, skipped, outcomes, payouts };
}
