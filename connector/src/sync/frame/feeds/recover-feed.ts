/**
 * A feed whose createFeed outcome is unknown (the answer was lost, or the process died between the attempt's start
 * and the feed id): looked up with getFeeds before anything is sent again. The Feed object carries no input document
 * id, so a candidate is a feed of the same type and marketplaces created inside the attempt's window (widened by
 * `lookupMarginSeconds`: Amazon's clock is not ours) that the backend does not already know.
 * - exactly one: adopted (its id written, polled like any other);
 * - none: never created. Sent again, unless the type moves money or goods (`moneyMoving`): then a conflict
 *   FEED_OUTCOME_UNKNOWN asks a person (Seller Central shows what happened); its retry resubmits;
 * - several: a conflict too (which one is ours cannot be told).
 * A feed claimed but never sent (no attempt start) simply gives its messages back.
 */
import type { FeedRow } from '../../../core/feeds/feed-store.ts';
import { knownAmazonFeedIds, requeueMessages, updateFeed, writeOutcomes, messageRefs } from '../../../core/feeds/feed-store.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { FeedsContext } from './feeds-context.ts';
import { typeOf } from './feeds-context.ts';
import { enqueueResult, schedulePoll } from './feed-jobs.ts';
import { raiseFeedConflict } from './feed-conflicts.ts';

export type Recovery = 'requeued' | 'adopted' | 'resubmitted' | 'conflict';

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Settles one `submitting` feed (see the file's comment). Throws (the job retries) when getFeeds cannot answer. */
export async function recoverFeed(ctx: FeedsContext, feed: FeedRow): Promise<Recovery> {
  if (!feed.attemptStartedAt) {
    await withTransaction(ctx.pool, async (tx) => {
      await requeueMessages(tx, feed.id);
      await updateFeed(tx, feed.id, { state: 'abandoned', code: null, message: 'claimed but never sent: its messages were queued again' });
    });
    return 'requeued';
  }
  const type = typeOf(ctx, feed.feedType);
  const margin = ctx.settings.lookupMarginSeconds * 1000;
  const since = new Date(feed.attemptStartedAt.getTime() - margin);
  const until = new Date(Math.min(Date.now(), (feed.attemptEndedAt ?? new Date()).getTime() + margin));
  const found = await ctx.feeds.getFeeds({ feedTypes: [feed.feedType], createdSince: since.toISOString(), createdUntil: until.toISOString() });
  const matching = found.filter((f) => f.feedType === feed.feedType && sameSet(f.marketplaceIds ?? feed.marketplaceIds, feed.marketplaceIds));
  const known = await knownAmazonFeedIds(ctx.pool, ctx.backendId, matching.map((f) => f.feedId));
  const candidates = matching.filter((f) => !known.has(f.feedId));

  if (candidates.length === 1) {
    const amazonFeedId = candidates[0]!.feedId;
    await withTransaction(ctx.pool, async (tx) => {
      await updateFeed(tx, feed.id, { amazonFeedId, state: 'submitted', code: null, message: 'adopted: found with getFeeds after an unknown createFeed outcome' });
      await schedulePoll(tx, ctx.backendId, feed.id, 0);
    });
    ctx.log.info('unknown createFeed outcome: the feed was found and adopted', { feed: feed.id, amazonFeedId });
    return 'adopted';
  }
  if (candidates.length === 0 && !type.moneyMoving) {
    await withTransaction(ctx.pool, async (tx) => {
      await requeueMessages(tx, feed.id);
      await updateFeed(tx, feed.id, { state: 'abandoned', message: 'not found with getFeeds after an unknown createFeed outcome: its messages were queued again' });
    });
    ctx.log.info('unknown createFeed outcome: no such feed at Amazon, its messages are sent again', { feed: feed.id });
    return 'resubmitted';
  }
  const why =
    candidates.length === 0
      ? `createFeed for ${feed.feedType} got no answer and getFeeds finds no such feed; it moves money or goods, so it is not sent again by itself: check Seller Central, then retry (resubmits) or dismiss`
      : `createFeed for ${feed.feedType} got no answer and getFeeds finds ${candidates.length} feeds it could be (${candidates.map((c) => c.feedId).join(', ')}): check Seller Central, then retry (resubmits) or dismiss`;
  await withTransaction(ctx.pool, async (tx) => {
    const refs = await messageRefs(tx, feed.id);
    await writeOutcomes(tx, feed.id, refs.map((ref) => ({ ref, state: 'unknown' as const, code: 'FEED_OUTCOME_UNKNOWN', message: why })));
    await updateFeed(tx, feed.id, { state: 'conflict', code: 'FEED_OUTCOME_UNKNOWN', message: why.slice(0, 300) });
    await raiseFeedConflict(ctx.conflicts, tx, ctx.backendId, feed, why, candidates.map((c) => c.feedId));
    await enqueueResult(tx, type, ctx.backendId, feed.id);
  });
  ctx.log.warn('unknown createFeed outcome: a person decides', { feed: feed.id, candidates: candidates.length });
  return 'conflict';
}
