/**
 * One poll of a submitted feed: getFeed; still queued or in progress -> polled again later (backing off); DONE ->
 * getFeedDocument, download, the type's parser, each message's outcome written; FATAL -> the report's outcomes when
 * it has one, else every message rejected (FEED_FATAL); CANCELLED -> the messages queued again. Then the owning
 * flow's result task is enqueued with `{ backendId, feedId }`, in the transaction that wrote the outcomes.
 */
import { feedCodec, outcomeOf, type ParsedReport } from '../../../amazon/feeds/index.ts';
import { getFeedRow, messageRefs, requeueMessages, updateFeed, writeOutcomes } from '../../../core/feeds/feed-store.ts';
import { isSyncError } from '../../../core/errors.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { FeedsContext } from './feeds-context.ts';
import { typeOf } from './feeds-context.ts';
import { enqueueResult, schedulePoll, scheduleSubmit } from './feed-jobs.ts';

export type PollOutcome = 'pending' | 'done' | 'fatal' | 'cancelled' | 'gone';

/** Polls feed `feedId` (our id) once; schedules the next poll itself while Amazon is not done. */
export async function pollFeed(ctx: FeedsContext, feedId: number): Promise<PollOutcome> {
  const feed = await getFeedRow(ctx.pool, feedId);
  if (!feed || feed.backendId !== ctx.backendId || feed.state !== 'submitted' || !feed.amazonFeedId) return 'gone';
  const remote = await ctx.feeds.getFeed(feed.amazonFeedId);
  const type = typeOf(ctx, feed.feedType);
  const status = remote.processingStatus;
  if (status === 'IN_QUEUE' || status === 'IN_PROGRESS') {
    const wait = ctx.settings.pollSeconds * Math.min(16, 2 ** Math.min(feed.polls, 4));
    await withTransaction(ctx.pool, async (tx) => {
      await updateFeed(tx, feed.id, { processingStatus: status, polls: feed.polls + 1 });
      await schedulePoll(tx, ctx.backendId, feed.id, wait);
    });
    return 'pending';
  }
  if (status === 'CANCELLED') {
    await withTransaction(ctx.pool, async (tx) => {
      await requeueMessages(tx, feed.id);
      await updateFeed(tx, feed.id, { state: 'cancelled', processingStatus: status, code: 'FEED_CANCELLED', message: 'cancelled before processing: its messages were queued again' });
      await scheduleSubmit(tx, ctx.backendId);
    });
    return 'cancelled';
  }
  const report = remote.resultFeedDocumentId ? await readReport(ctx, feed.feedType, remote.resultFeedDocumentId) : null;
  const refs = await messageRefs(ctx.pool, feed.id);
  const fallback =
    status === 'FATAL'
      ? { state: 'rejected' as const, code: 'FEED_FATAL', message: 'Amazon aborted the feed (FATAL) without saying why for this message' }
      : { state: 'unknown' as const, code: 'FEED_REPORT_UNREADABLE', message: report && 'error' in report ? report.error : 'the feed has no processing report' };
  const outcomes = refs.map((ref) => {
    if (!report || 'error' in report) return { ref, ...fallback };
    // In a FATAL feed a message the report does not name was not processed: rejected, never taken as accepted.
    const o = status === 'FATAL' && !report.byRef.has(ref) && report.others.outcome === 'accepted' ? null : outcomeOf(report, ref);
    return o ? { ref, state: o.outcome, code: o.code, message: o.message } : { ref, ...fallback };
  });
  await withTransaction(ctx.pool, async (tx) => {
    await writeOutcomes(tx, feed.id, outcomes);
    await updateFeed(tx, feed.id, {
      state: status === 'FATAL' ? 'fatal' : 'done',
      processingStatus: status,
      summary: report && !('error' in report) ? report.summary : null,
      ...(status === 'FATAL' ? { code: 'FEED_FATAL', message: 'Amazon aborted the feed' } : {}),
    });
    await enqueueResult(tx, type, ctx.backendId, feed.id);
  });
  ctx.log.info('feed processed', { feed: feed.id, status, accepted: outcomes.filter((o) => o.state === 'accepted').length, rejected: outcomes.filter((o) => o.state === 'rejected').length });
  return status === 'FATAL' ? 'fatal' : 'done';
}

/** The processing report, parsed; an unreadable one is said (not thrown: the outcomes are then unknown). */
async function readReport(ctx: FeedsContext, feedType: string, documentId: string): Promise<ParsedReport | { error: string }> {
  const codec = feedCodec(feedType);
  if (!codec) return { error: `no parser for ${feedType}` };
  const document = await ctx.feeds.getFeedDocument(documentId);
  const text = await ctx.feeds.download(document);
  try {
    return codec.parseReport(text);
  } catch (e) {
    if (isSyncError(e) && e.code === 'FEED_REPORT_UNREADABLE') return { error: e.message.slice(0, 300) };
    throw e;
  }
}
