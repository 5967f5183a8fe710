/**
 * REPORT_PROCESSING_FINISHED (payload version 2020-09-04: `reportProcessingFinishedNotification` with camelCase
 * fields) as the notifications reader hands it over: the request holding that report id is looked at at once,
 * instead of at its next poll. A report the connector does not know (asked by another tool, or its id not written
 * yet) is left alone: the poll covers it.
 */
import { notificationOf } from '../notifications/index.ts';
import { pollReport, type PollOutcome } from './poll-report.ts';
import { requestByAmazonId } from './report-store.ts';
import type { ReportsContext } from './reports-context.ts';

export const REPORT_FINISHED = 'REPORT_PROCESSING_FINISHED';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The report id a stored payload names (camelCase as documented; PascalCase read too, as other types use it). */
export function finishedReportId(payload: Record<string, unknown>): string | null {
  const inner = payload.reportProcessingFinishedNotification ?? payload.ReportProcessingFinishedNotification ?? payload;
  if (!isObject(inner)) return null;
  const id = inner.reportId ?? inner.ReportId;
  return typeof id === 'string' && id !== '' ? id : null;
}

export async function onReportFinished(ctx: ReportsContext, notificationId: string): Promise<PollOutcome | 'unknown'> {
  const n = await notificationOf(ctx.pool, notificationId);
  const reportId = n && n.type === REPORT_FINISHED ? finishedReportId(n.payload) : null;
  const request = reportId ? await requestByAmazonId(ctx.pool, ctx.backendId, reportId) : null;
  if (!request) return 'unknown';
  return pollReport(ctx, request.id);
}
