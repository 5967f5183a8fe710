/**
 * One feed of one type: claim a batch, encode it, createFeedDocument and upload (both safe to repeat), then the
 * attempt's start written BEFORE createFeed and Amazon's feed id written the moment it comes back. createFeed has no
 * idempotency key, so what happens when it fails depends on what Amazon may have done:
 * - certainly nothing (429, refused connection, quota wait, refused credentials): the messages go back to the queue;
 * - refused (400, AMAZON_INVALID_REQUEST): the messages are rejected with the code, the owning flow hears of it;
 * - unknown (timeout, reset after sending, crash): the feed stays `submitting` with its attempt's times, and the
 *   recovery (recover-feed.ts) looks it up with getFeeds before anything is sent again.
 */
import { feedCodec } from '../../../amazon/feeds/index.ts';
import { FeedOutcomeUnknown } from '../../../amazon/feeds-api.ts';
import { claimBatch, requeueMessages, updateFeed, writeOutcomes, type ClaimedMessage, type FeedRow } from '../../../core/feeds/feed-store.ts';
import { isSyncError, PermanentError } from '../../../core/errors.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { FeedsContext, OwnedFeedType } from './feeds-context.ts';
import { enqueueResult, schedulePoll } from './feed-jobs.ts';

/** Submits one feed of `type`; false when no message was left to claim. Throws what the job should retry on. */
export async function submitBatch(ctx: FeedsContext, type: OwnedFeedType): Promise<boolean> {
  const codec = feedCodec(type.feedType);
  const claimed = await withTransaction(ctx.pool, (tx) => claimBatch(tx, ctx.backendId, type.feedType, codec?.maxMessages ?? 1));
  if (!claimed) return false;
  const { feed, messages } = claimed;
  if (!codec) {
    await refuse(ctx, type, feed, messages, 'FEED_TYPE_UNKNOWN', `the connector cannot encode ${type.feedType}`);
    return true;
  }
  let encoded;
  try {
    encoded = codec.encode(messages.map((m) => ({ ref: m.ref, body: m.body, attachment: m.attachment })), { sellerId: ctx.sellerId });
  } catch (e) {
    if (!(e instanceof PermanentError)) throw e;
    await refuse(ctx, type, feed, messages, 'FEED_MESSAGE_INVALID', e.message);
    return true;
  }
  try {
    const document = await ctx.feeds.createFeedDocument(encoded.contentType);
    await ctx.feeds.upload(document, encoded.bytes, encoded.contentType);
    await updateFeed(ctx.pool, feed.id, { documentId: document.feedDocumentId, attemptStartedAt: 'now' });
    // No abort signal: a write without idempotency key is not abandoned mid-flight by a stopping worker.
    const { feedId } = await ctx.feeds.createFeed({
      feedType: type.feedType,
      marketplaceIds: feed.marketplaceIds,
      inputFeedDocumentId: document.feedDocumentId,
      ...(encoded.feedOptions ? { feedOptions: encoded.feedOptions } : {}),
    });
    await withTransaction(ctx.pool, async (tx) => {
      await updateFeed(tx, feed.id, { amazonFeedId: feedId, state: 'submitted', attemptEndedAt: 'now', code: null, message: null });
      await schedulePoll(tx, ctx.backendId, feed.id, ctx.settings.pollSeconds);
    });
    ctx.log.info('feed submitted', { feedType: type.feedType, feed: feed.id, amazonFeedId: feedId, messages: messages.length });
    return true;
  } catch (e) {
    if (e instanceof FeedOutcomeUnknown) {
      // Amazon may have the feed: nothing is sent again before the lookup (the next run, or the cron).
      await updateFeed(ctx.pool, feed.id, { attemptEndedAt: 'now', code: e.code, message: e.message.slice(0, 300) });
      ctx.log.warn('createFeed outcome unknown: looked up before anything is sent again', { feedType: type.feedType, feed: feed.id });
      throw e;
    }
    // Amazon refused the request itself (4xx): sending it again would be refused again. Any other permanent
    // failure (credentials, a missing document) is not the messages' fault: they wait in the queue.
    if (isSyncError(e) && e.kind === 'permanent' && e.code === 'AMAZON_INVALID_REQUEST') {
      await refuse(ctx, type, feed, messages, e.code, e.message);
      return true;
    }
    // Certainly not created (createFeed was not sent, or Amazon did nothing with it): back to the queue.
    await withTransaction(ctx.pool, async (tx) => {
      await requeueMessages(tx, feed.id);
      await updateFeed(tx, feed.id, { state: 'abandoned', code: isSyncError(e) ? e.code : null, message: e instanceof Error ? e.message.slice(0, 300) : null });
    });
    throw e;
  }
}

/** Amazon (or the encoder) refused the whole feed: every message rejected with the reason, the flow told. */
async function refuse(ctx: FeedsContext, type: OwnedFeedType, feed: FeedRow, messages: readonly ClaimedMessage[], code: string, message: string): Promise<void> {
  await withTransaction(ctx.pool, async (tx) => {
    await writeOutcomes(tx, feed.id, messages.map((m) => ({ ref: m.ref, state: 'rejected' as const, code, message: message.slice(0, 1000) })));
    await updateFeed(tx, feed.id, { state: 'refused', code, message: message.slice(0, 300) });
    await enqueueResult(tx, type, ctx.backendId, feed.id);
  });
  ctx.log.warn('feed refused: its messages are rejected', { feedType: type.feedType, feed: feed.id, code });
}
