/**
 * A report that ends without rows for a reason a person should see (Amazon's FATAL, a refusal, no end in sight)
 * becomes a conflict of kind `report`, keyed `report:<request id>`, with the request's state written in the same
 * transaction. Its retry asks Amazon for the window again (the request goes back to `requested`).
 */
import type { ConflictRef, FlowConflictKind } from '../flow-conflicts.ts';
import type { ErrorCode } from '../../../core/errors.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { ReportsContext } from './reports-context.ts';
import { scheduleCreate } from './report-jobs.ts';
import { updateRequest, type ReportRequestRow } from './report-store.ts';

export const REPORT_CONFLICT_KIND = 'report';

/** Ends the request in `state` with `code`, and raises the conflict a person sees. */
export async function failRequest(
  ctx: Pick<ReportsContext, 'backendId' | 'conflicts'>,
  tx: Queryable,
  request: ReportRequestRow,
  state: 'fatal' | 'failed',
  code: ErrorCode,
  message: string,
): Promise<void> {
  await updateRequest(tx, request.id, { state, code, error: message.slice(0, 2000), finishedAt: new Date() });
  await ctx.conflicts.raise(
    {
      backendId: ctx.backendId,
      kind: REPORT_CONFLICT_KIND,
      amazonKey: `report:${request.id}`,
      code,
      message: message.slice(0, 500),
      amazonSnapshot: {
        reportType: request.reportType,
        marketplaceId: request.marketplaceId,
        windowStart: request.windowStart.toISOString(),
        windowEnd: request.windowEnd.toISOString(),
        amazonReportId: request.amazonReportId,
        flow: request.flow,
      },
    },
    tx,
  );
}

async function requestAgain(conflict: ConflictRef, tx: Queryable): Promise<void> {
  const id = Number(conflict.amazonKey.replace(/^report:/, ''));
  if (!Number.isInteger(id)) return;
  const { rows } = await tx.query<{ state: string }>(`select state from report_request where id = $1 and backend_id = $2 for update`, [id, conflict.backendId]);
  if (rows[0]?.state !== 'fatal' && rows[0]?.state !== 'failed') return;
  await updateRequest(tx, id, { state: 'requested', amazonReportId: null, documentId: null, attemptStartedAt: null, polls: 0, code: null, error: null, finishedAt: null });
  await scheduleCreate(tx, conflict.backendId, id);
}

export const reportConflictKind: FlowConflictKind = { kind: REPORT_CONFLICT_KIND, rerun: (conflict, tx) => requestAgain(conflict, tx) };
