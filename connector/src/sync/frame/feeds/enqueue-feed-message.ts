/**
 * The flows' way into the Feeds core: the body is checked against its feed type's schema at the boundary (a bad
 * message fails here, in the flow's transaction, with FEED_MESSAGE_INVALID, never later inside a batch), then queued
 * (idempotent on backend, type and key) and the backend's submit job is queued in the same transaction.
 */
import { Compile } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { feedCodec } from '../../../amazon/feeds/index.ts';
import { PermanentError } from '../../../core/errors.ts';
import { enqueueFeedMessage as queueMessage, enqueueFeedMessages as queueMessages, type FeedMessageInput } from '../../../core/feeds/index.ts';
import type { Queryable } from '../../../core/sql.ts';
import { scheduleSubmit } from './feed-jobs.ts';

const compiled = new Map<TSchema, ReturnType<typeof Compile>>();

/**
 * Queues one feed message in `tx` (the caller's transaction). `{ created: false }` when its key is already queued,
 * sent, accepted or unknown; a key Amazon rejected is queued again with the new body.
 */
export async function enqueueFeedMessage(tx: Queryable, m: FeedMessageInput): Promise<{ messageId: number; created: boolean }> {
  refuseInvalid(m);
  const result = await queueMessage(tx, m);
  if (result.created) await scheduleSubmit(tx, m.backendId);
  return result;
}

/**
 * Queues many messages of one backend, feed type and marketplace set in `tx`: each body checked as above (one bad
 * message refuses the whole batch, nothing written), then one insert and at most one submit job. Keys must be
 * distinct (FEED_MESSAGE_INVALID). No attachments (the types that carry one queue a message at a time).
 */
export async function enqueueFeedMessages(
  tx: Queryable,
  batch: { backendId: number; feedType: string; marketplaceIds: readonly string[]; messages: ReadonlyArray<{ key: string; body: Record<string, unknown> }> },
): Promise<Array<{ key: string; messageId: number; created: boolean }>> {
  const seen = new Set<string>();
  for (const m of batch.messages) {
    refuseInvalid({ backendId: batch.backendId, feedType: batch.feedType, marketplaceIds: batch.marketplaceIds, key: m.key, body: m.body });
    if (seen.has(m.key)) throw new PermanentError('FEED_MESSAGE_INVALID', `${batch.feedType} message ${m.key}: key twice in one batch`, { feedType: batch.feedType, key: m.key, problems: ['key: twice in one batch'] });
    seen.add(m.key);
  }
  const results = await queueMessages(tx, batch);
  if (results.some((r) => r.created)) await scheduleSubmit(tx, batch.backendId);
  return results;
}

/** The boundary's check of one message (FEED_TYPE_UNKNOWN, FEED_MESSAGE_INVALID naming paths, never values). */
function refuseInvalid(m: FeedMessageInput): void {
  const codec = feedCodec(m.feedType);
  if (!codec) throw new PermanentError('FEED_TYPE_UNKNOWN', `feed type ${m.feedType} cannot be sent by the connector`, { feedType: m.feedType });
  const check = compiled.get(codec.body) ?? compiled.set(codec.body, Compile(codec.body)).get(codec.body)!;
  const problems = check.Check(m.body)
    ? (codec.check?.(m.body) ?? [])
    : [...check.Errors(m.body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  if (!m.key) problems.push('key: must be a non-empty string');
  if (m.marketplaceIds.length < 1 || m.marketplaceIds.length > 25 || m.marketplaceIds.some((id) => !id)) problems.push('marketplaceIds: 1 to 25 ids');
  if (codec.attachment && !m.attachment?.length) problems.push('attachment: required for this feed type');
  if (problems.length) {
    // The problems name paths, never values (a body may hold buyer data).
    throw new PermanentError('FEED_MESSAGE_INVALID', `${m.feedType} message ${m.key}: ${problems.join('; ')}`, { feedType: m.feedType, key: m.key, problems });
  }
}
