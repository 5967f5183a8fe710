/**
 * A DONE report's rows handed to the flow that declared its type, exactly once: the request row is locked and moved
 * from `processing` to `done` in the one transaction the handler writes in, so a second delivery (the poll and
 * the notification at once, a job run twice) finds it locked or done and hands nothing; a crash mid-way rolls the
 * handler's writes back with it and the report is delivered again from its first row (handlers are idempotent).
 * The document is read as it downloads (its url lasts 5 minutes) and handed over in batches of `batchRows`.
 */
import type { FlatFileRow } from '../../../amazon/report-flat-file.ts';
import { FLAT_FILE_SPECS } from '../../../amazon/report-specs.ts';
import { withTransaction } from '../../../core/tx.ts';
import { failRequest } from './report-conflicts.ts';
import { getRequest, updateRequest } from './report-store.ts';
import type { ReportsContext } from './reports-context.ts';

export type DeliverOutcome = 'done' | 'busy' | 'gone' | 'failed';

export async function deliverReport(ctx: ReportsContext, requestId: number, documentId: string): Promise<DeliverOutcome> {
  return withTransaction(ctx.pool, async (tx): Promise<DeliverOutcome> => {
    const request = await getRequest(tx, requestId, 'for update skip locked');
    if (!request) return 'busy';
    if (request.state !== 'processing') return 'gone';
    const owner = ctx.types.get(request.reportType);
    const spec = FLAT_FILE_SPECS[request.reportType];
    if (!owner || !spec) {
      await failRequest(ctx, tx, request, 'failed', 'REPORT_TYPE_UNKNOWN', `no flow reads ${request.reportType} any more: its rows were not read`);
      return 'failed';
    }
    const base = { tx, requestId, reportType: request.reportType, marketplaceId: request.marketplaceId, windowStart: request.windowStart, windowEnd: request.windowEnd };
    const document = await ctx.reports.getReportDocument(documentId);
    let batch: FlatFileRow[] = [];
    let batches = 0;
    let count = 0;
    for await (const row of ctx.reports.rows(document, spec, request.marketplaceId)) {
      batch.push(row);
      count++;
      if (batch.length < ctx.timing.batchRows) continue;
      await owner.onRows(ctx.backendId, batch, { ...base, batch: batches++ });
      batch = [];
    }
    if (batch.length) await owner.onRows(ctx.backendId, batch, { ...base, batch: batches });
    await updateRequest(tx, requestId, { state: 'done', documentId, rowsCount: count, finishedAt: new Date() });
    ctx.log.info('report delivered', { request: requestId, reportType: request.reportType, rows: count, flow: owner.flow });
    return 'done';
  });
}
