/**
 * The createReport of one request. Look-up before create: createReport has no idempotency key, so when an earlier
 * attempt started (its answer lost to a timeout or a crash before the id was written) getReports is asked first for
 * a report of the same type, marketplace and exact data window created since then; one found is adopted, and only
 * when none is a report created. The attempt is claimed in one statement (claimAttempt), so a second worker running
 * the same step meanwhile asks nothing.
 */
import { isSyncError, RetryableError } from '../../../core/errors.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { ReportsContext } from './reports-context.ts';
import { failRequest } from './report-conflicts.ts';
import { schedulePoll } from './report-jobs.ts';
import { claimAttempt, getRequest, requestByAmazonId, updateRequest, type ReportRequestRow } from './report-store.ts';

export type CreateOutcome = 'created' | 'adopted' | 'busy' | 'refused' | 'gone';

/** Asks Amazon for the report of request `requestId` (our id), or adopts the one an earlier attempt made. */
export async function createReportFor(ctx: ReportsContext, requestId: number): Promise<CreateOutcome> {
  const request = await getRequest(ctx.pool, requestId);
  if (!request || request.backendId !== ctx.backendId || request.state !== 'requested' || request.amazonReportId) return 'gone';
  const claim = await claimAttempt(ctx.pool, requestId, ctx.timing.leaseSeconds);
  if (!claim) return 'busy';
  if (claim.previous) {
    const found = await lookUp(ctx, request, claim.previous);
    if (found) {
      await record(ctx, request, found);
      ctx.log.info('report found again after a lost createReport answer', { request: requestId, reportId: found });
      return 'adopted';
    }
  }
  try {
    const { reportId } = await ctx.reports.createReport({
      reportType: request.reportType,
      marketplaceIds: [request.marketplaceId],
      dataStartTime: request.windowStart.toISOString(),
      dataEndTime: request.windowEnd.toISOString(),
    });
    await record(ctx, request, reportId);
    return 'created';
  } catch (e) {
    // A 429 certainly created nothing: the next attempt need not look it up first.
    if (e instanceof RetryableError && e.code === 'AMAZON_THROTTLED') await updateRequest(ctx.pool, requestId, { attemptStartedAt: claim.previous });
    if (e instanceof RetryableError || !isSyncError(e)) throw e;
    await withTransaction(ctx.pool, (tx) => failRequest(ctx, tx, request, 'failed', e.code, e.message));
    return 'refused';
  }
}

/** The id of a report of the request's window created since `since` (minus the margin) that no request holds yet. */
async function lookUp(ctx: ReportsContext, request: ReportRequestRow, since: Date): Promise<string | null> {
  const createdSince = new Date(since.getTime() - ctx.timing.lookupMarginSeconds * 1000).toISOString();
  const reports = await ctx.reports.getReports({ reportTypes: [request.reportType], marketplaceIds: [request.marketplaceId], createdSince });
  const start = request.windowStart.getTime();
  const end = request.windowEnd.getTime();
  for (const r of reports) {
    if (!r.dataStartTime || !r.dataEndTime || Date.parse(r.dataStartTime) !== start || Date.parse(r.dataEndTime) !== end) continue;
    if (!(await requestByAmazonId(ctx.pool, ctx.backendId, r.reportId))) return r.reportId;
  }
  return null;
}

async function record(ctx: ReportsContext, request: ReportRequestRow, reportId: string): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    await updateRequest(tx, request.id, { state: 'processing', amazonReportId: reportId, polls: 0 });
    await schedulePoll(tx, ctx.backendId, request.id, ctx.timing.pollSeconds);
  });
}
