/**
 * A DONE report's rows handed to the flow that declared its type, exactly once: the request row is locked and moved
 * from `processing` to `done` in the one transaction the handler writes in, so a second delivery (the poll and
 * the notification at once, a job run twice) finds it locked or done and hands nothing; a crash mid-way rolls the
 * handler's writes back with it and the report is delivered again from its first row (handlers are idempotent).
 * The document is read as it downloads (its url lasts 5 minutes) and handed over in batches of `batchRows`: a flat
 * file's rows, or a JSON report's records (the elements of its top-level arrays).
 */
import { FLAT_FILE_SPECS, JSON_REPORT_SPECS } from '../../../amazon/report-specs.ts';
import { withTransaction } from '../../../core/tx.ts';
import { failRequest } from './report-conflicts.ts';
import { getRequest, updateRequest } from './report-store.ts';
import type { ReportsContext } from './reports-context.ts';
import type { ReportRowsContext } from './types.ts';

export type DeliverOutcome = 'done' | 'busy' | 'gone' | 'failed';

/** Hands `source`'s elements to `handle` in batches; how many there were. */
async function inBatches<T>(source: AsyncIterable<T>, size: number, base: Omit<ReportRowsContext, 'batch'>, handle: (batch: T[], ctx: ReportRowsContext) => Promise<void>): Promise<number> {
  let batch: T[] = [];
  let batches = 0;
  let count = 0;
  for await (const row of source) {
    batch.push(row);
    count++;
    if (batch.length < size) continue;
    await handle(batch, { ...base, batch: batches++ });
    batch = [];
  }
  if (batch.length) await handle(batch, { ...base, batch: batches });
  return count;
}

export async function deliverReport(ctx: ReportsContext, requestId: number, documentId: string): Promise<DeliverOutcome> {
  return withTransaction(ctx.pool, async (tx): Promise<DeliverOutcome> => {
    const request = await getRequest(tx, requestId, 'for update skip locked');
    if (!request) return 'busy';
    if (request.state !== 'processing') return 'gone';
    const owner = ctx.types.get(request.reportType);
    const flat = FLAT_FILE_SPECS[request.reportType];
    const json = JSON_REPORT_SPECS[request.reportType];
    if (!owner || (owner.format === 'json' ? !json : !flat)) {
      await failRequest(ctx, tx, request, 'failed', 'REPORT_TYPE_UNKNOWN', `no flow reads ${request.reportType} any more: its rows were not read`);
      return 'failed';
    }
    const base = { tx, requestId, reportType: request.reportType, marketplaceId: request.marketplaceId, windowStart: request.windowStart, windowEnd: request.windowEnd };
    const document = await ctx.reports.getReportDocument(documentId);
    const count = owner.format === 'json'
      ? await inBatches(ctx.reports.jsonItems(document, json!), ctx.timing.batchRows, base, (b, c) => owner.onItems(ctx.backendId, b, c))
      : await inBatches(ctx.reports.rows(document, flat!, request.marketplaceId), ctx.timing.batchRows, base, (b, c) => owner.onRows(ctx.backendId, b, c));
    await updateRequest(tx, requestId, { state: 'done', documentId, rowsCount: count, finishedAt: new Date() });
    ctx.log.info('report delivered', { request: requestId, reportType: request.reportType, rows: count, flow: owner.flow });
    return 'done';
  });
}
