/**
 * One look at a requested report: getReport (through the adapter, so its usage plan's tokens are taken from the
 * shared bucket first); still running -> looked at again later, backing off from `pollSeconds` x2 up to x16, and
 * given up after `maxPolls` (REPORT_TIMED_OUT); CANCELLED -> done with no rows (Amazon had no data); FATAL -> the
 * document's explanation (when there is one) in a REPORT_FATAL conflict; DONE -> the rows to the owning flow
 * (deliver-report.ts). The REPORT_PROCESSING_FINISHED notification runs the same step at once.
 */
import { reportOutcome } from '../../../amazon/reports-api.ts';
import { withTransaction } from '../../../core/tx.ts';
import { deliverReport } from './deliver-report.ts';
import { failRequest } from './report-conflicts.ts';
import { schedulePoll } from './report-jobs.ts';
import { getRequest, updateRequest } from './report-store.ts';
import type { ReportsContext } from './reports-context.ts';

export type PollOutcome = 'pending' | 'done' | 'empty' | 'fatal' | 'failed' | 'busy' | 'gone';

/** Looks at request `requestId`'s report once; schedules the next look itself while Amazon is not done. */
export async function pollReport(ctx: ReportsContext, requestId: number): Promise<PollOutcome> {
  const request = await getRequest(ctx.pool, requestId);
  if (!request || request.backendId !== ctx.backendId || request.state !== 'processing' || !request.amazonReportId) return 'gone';
  const outcome = reportOutcome(await ctx.reports.getReport(request.amazonReportId));
  if (outcome.state === 'done') {
    const delivered = await deliverReport(ctx, requestId, outcome.reportDocumentId);
    // Another worker is delivering it: looked at again later, in case that one fails for good.
    if (delivered === 'busy') await schedulePoll(ctx.pool, ctx.backendId, requestId, ctx.timing.pollSeconds);
    return delivered === 'done' ? 'done' : delivered;
  }
  const explanation = outcome.state === 'fatal' && outcome.reportDocumentId ? await fatalText(ctx, outcome.reportDocumentId) : null;
  return withTransaction(ctx.pool, async (tx): Promise<PollOutcome> => {
    const locked = await getRequest(tx, requestId, 'for update skip locked');
    if (!locked) return 'busy';
    if (locked.state !== 'processing') return 'gone';
    if (outcome.state === 'empty') {
      await updateRequest(tx, requestId, { state: 'empty', rowsCount: 0, finishedAt: new Date() });
      return 'empty';
    }
    if (outcome.state === 'fatal') {
      await failRequest(ctx, tx, locked, 'fatal', 'REPORT_FATAL', `Amazon could not make report ${locked.amazonReportId} (FATAL)${explanation ? `: ${explanation}` : ''}`);
      return 'fatal';
    }
    if (locked.polls + 1 >= ctx.timing.maxPolls) {
      await failRequest(ctx, tx, locked, 'failed', 'REPORT_TIMED_OUT', `report ${locked.amazonReportId} still ${outcome.report.processingStatus} after ${locked.polls + 1} polls`);
      return 'failed';
    }
    await updateRequest(tx, requestId, { polls: locked.polls + 1 });
    await schedulePoll(tx, ctx.backendId, requestId, ctx.timing.pollSeconds * Math.min(16, 2 ** Math.min(locked.polls + 1, 4)));
    return 'pending';
  });
}

/** The FATAL report's document, which says why (a short text); unreadable: said so, never thrown. */
async function fatalText(ctx: ReportsContext, documentId: string): Promise<string> {
  try {
    return (await ctx.reports.downloadText(await ctx.reports.getReportDocument(documentId))).trim().slice(0, 1000);
  } catch (e) {
    return `its document could not be read (${e instanceof Error ? e.message.slice(0, 200) : String(e)})`;
  }
}
