/**
 * The Feeds core's one conflict kind, `feed`: a feed whose createFeed outcome stayed unknown (FEED_OUTCOME_UNKNOWN),
 * keyed `feed:<feed.id>`. Its messages wait in state `unknown`. "Retry" is the person's word that Amazon does not
 * have it (Seller Central shows the feeds): the messages are queued again and sent in a new feed. "Dismiss" leaves
 * them unknown (Amazon had it after all).
 */
import type { ConflictRef, FlowConflictKind } from '../flow-conflicts.ts';
import type { ConflictService } from '../../../core/conflict/index.ts';
import type { FeedRow } from '../../../core/feeds/feed-store.ts';
import { requeueMessages, updateFeed } from '../../../core/feeds/feed-store.ts';
import type { Queryable } from '../../../core/sql.ts';
import { scheduleSubmit } from './feed-jobs.ts';

export const FEED_CONFLICT_KIND = 'feed';

export async function raiseFeedConflict(
  conflicts: Pick<ConflictService, 'raise'>,
  tx: Queryable,
  backendId: number,
  feed: FeedRow,
  why: string,
  candidates: readonly string[],
): Promise<void> {
  await conflicts.raise(
    {
      backendId,
      kind: FEED_CONFLICT_KIND,
      amazonKey: `feed:${feed.id}`,
      code: 'FEED_OUTCOME_UNKNOWN',
      message: why,
      amazonSnapshot: { feedType: feed.feedType, marketplaceIds: feed.marketplaceIds, candidates, attemptStartedAt: feed.attemptStartedAt, attemptEndedAt: feed.attemptEndedAt },
    },
    tx,
  );
}

async function resubmit(conflict: ConflictRef, tx: Queryable): Promise<void> {
  const feedId = Number(conflict.amazonKey.replace(/^feed:/, ''));
  if (!Number.isInteger(feedId)) return;
  const { rows } = await tx.query<{ state: string }>(`select state from feed where id = $1 and backend_id = $2 for update`, [feedId, conflict.backendId]);
  if (rows[0]?.state !== 'conflict') return;
  await requeueMessages(tx, feedId);
  await updateFeed(tx, feedId, { state: 'abandoned', message: 'resubmitted by a person after an unknown createFeed outcome' });
  await scheduleSubmit(tx, conflict.backendId);
}

export const feedConflictKind: FlowConflictKind = { kind: FEED_CONFLICT_KIND, rerun: (conflict, tx) => resubmit(conflict, tx) };
