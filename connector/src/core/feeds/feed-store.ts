/**
 * The scheduler's and the poll's queries on `feed` and `feed_message`. A batch is claimed in one transaction (the
 * messages marked `sent` into a new `feed` row), so a second worker never puts a message in two feeds; every later
 * step writes the feed row first, so a crash leaves a row that says how far it got.
 */
import type { Queryable } from '../sql.ts';
import type { FeedState } from './types.ts';

export interface FeedRow {
  id: number;
  backendId: number;
  feedType: string;
  marketplaceIds: string[];
  state: FeedState;
  amazonFeedId: string | null;
  documentId: string | null;
  attemptStartedAt: Date | null;
  attemptEndedAt: Date | null;
  processingStatus: string | null;
  polls: number;
  createdAt: Date;
}

/** A message of a claimed batch, with its MessageID in the feed. */
export interface ClaimedMessage {
  id: number;
  ref: number;
  key: string;
  body: Record<string, unknown>;
  attachment: Buffer | null;
}

const FEED_COLUMNS = `id::int, backend_id as "backendId", feed_type as "feedType", marketplace_ids as "marketplaceIds", state,
  amazon_feed_id as "amazonFeedId", document_id as "documentId", attempt_started_at as "attemptStartedAt",
  attempt_ended_at as "attemptEndedAt", processing_status as "processingStatus", polls, created_at as "createdAt"`;

/** The feed types with queued messages of a backend: how many, and when the oldest was queued. */
export async function queuedTypes(db: Queryable, backendId: number): Promise<Array<{ feedType: string; count: number; oldest: Date }>> {
  const { rows } = await db.query<{ feedType: string; count: number; oldest: Date }>(
    `select feed_type as "feedType", count(*)::int as count, min(created_at) as oldest
       from feed_message where backend_id = $1 and state = 'queued' group by feed_type`,
    [backendId],
  );
  return rows;
}

/**
 * Claims up to `max` queued messages of one type (oldest first, one marketplace set per feed: Amazon applies a
 * feed to the marketplaces it names) into a new feed row in state `submitting`. Null when none was left.
 */
export async function claimBatch(tx: Queryable, backendId: number, feedType: string, max: number): Promise<{ feed: FeedRow; messages: ClaimedMessage[] } | null> {
  const first = await tx.query<{ marketplace_ids: string[] }>(
    `select marketplace_ids from feed_message where backend_id = $1 and feed_type = $2 and state = 'queued'
      order by id limit 1 for update skip locked`,
    [backendId, feedType],
  );
  const marketplaceIds = first.rows[0]?.marketplace_ids;
  if (!marketplaceIds) return null;
  const feed = await tx.query<FeedRow>(
    `insert into feed (backend_id, feed_type, marketplace_ids) values ($1, $2, $3) returning ${FEED_COLUMNS}`,
    [backendId, feedType, marketplaceIds],
  );
  const row = feed.rows[0]!;
  const { rows } = await tx.query<{ id: string; ref: number; key: string; body: Record<string, unknown>; attachment: Buffer | null }>(
    `with batch as (
       select id, row_number() over (order by id)::int as ref from (
         select id from feed_message
          where backend_id = $1 and feed_type = $2 and state = 'queued' and marketplace_ids = $3::text[]
          order by id limit $4 for update skip locked) picked)
     update feed_message m set state = 'sent', feed_id = $5, message_ref = batch.ref, updated_at = now()
       from batch where m.id = batch.id
     returning m.id, m.message_ref as ref, m.key, m.body, m.attachment`,
    [backendId, feedType, marketplaceIds, max, row.id],
  );
  rows.sort((a, b) => a.ref - b.ref);
  return { feed: row, messages: rows.map((r) => ({ id: Number(r.id), ref: r.ref, key: r.key, body: r.body, attachment: r.attachment })) };
}

export async function getFeedRow(db: Queryable, feedId: number): Promise<FeedRow | null> {
  const { rows } = await db.query<FeedRow>(`select ${FEED_COLUMNS} from feed where id = $1`, [feedId]);
  return rows[0] ?? null;
}

/** The backend's feeds whose createFeed may have been sent without an answer kept (the recovery's work). */
export async function submittingFeeds(db: Queryable, backendId: number): Promise<FeedRow[]> {
  const { rows } = await db.query<FeedRow>(`select ${FEED_COLUMNS} from feed where backend_id = $1 and state = 'submitting' order by id`, [backendId]);
  return rows;
}

/** Amazon's feed ids the backend already knows (a lookup must not adopt one of them twice). */
export async function knownAmazonFeedIds(db: Queryable, backendId: number, ids: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ id: string }>(
    `select amazon_feed_id as id from feed where backend_id = $1 and amazon_feed_id = any($2::text[])`,
    [backendId, [...ids]],
  );
  return new Set(rows.map((r) => r.id));
}

/** Updates a feed row (only the given fields); `updated_at` always. */
export async function updateFeed(
  db: Queryable,
  feedId: number,
  set: Partial<{ state: FeedState; amazonFeedId: string; documentId: string; attemptStartedAt: 'now'; attemptEndedAt: 'now'; processingStatus: string; summary: unknown; code: string | null; message: string | null; polls: number }>,
): Promise<void> {
  const columns: Record<string, string> = {
    state: 'state', amazonFeedId: 'amazon_feed_id', documentId: 'document_id', processingStatus: 'processing_status',
    summary: 'summary', code: 'code', message: 'message', polls: 'polls',
  };
  const sets: string[] = ['updated_at = now()'];
  const params: unknown[] = [feedId];
  for (const [k, v] of Object.entries(set)) {
    if (v === undefined) continue;
    if (k === 'attemptStartedAt' || k === 'attemptEndedAt') sets.push(`${k === 'attemptStartedAt' ? 'attempt_started_at' : 'attempt_ended_at'} = clock_timestamp()`);
    else {
      params.push(k === 'summary' ? JSON.stringify(v) : v);
      sets.push(`${columns[k]} = $${params.length}`);
    }
  }
  await db.query(`update feed set ${sets.join(', ')} where id = $1`, params);
}

/** Puts a feed's messages back in the queue (the feed never reached Amazon, or Amazon cancelled it). */
export async function requeueMessages(db: Queryable, feedId: number): Promise<number> {
  const { rowCount } = await db.query(
    `update feed_message set state = 'queued', feed_id = null, message_ref = null, updated_at = now() where feed_id = $1 and state in ('sent', 'unknown')`,
    [feedId],
  );
  return rowCount ?? 0;
}

/** Writes the outcome of each message of a feed (by its MessageID); `others` for the messages not named. */
export async function writeOutcomes(
  db: Queryable,
  feedId: number,
  outcomes: ReadonlyArray<{ ref: number; state: 'accepted' | 'rejected' | 'unknown'; code: string | null; message: string | null }>,
): Promise<void> {
  if (!outcomes.length) return;
  await db.query(
    `update feed_message m set state = o.state, result_code = o.code, result_message = o.message, updated_at = now()
       from unnest($2::int[], $3::text[], $4::text[], $5::text[]) as o(ref, state, code, message)
      where m.feed_id = $1 and m.message_ref = o.ref`,
    [feedId, outcomes.map((o) => o.ref), outcomes.map((o) => o.state), outcomes.map((o) => o.code), outcomes.map((o) => o.message)],
  );
}

/** The MessageIDs of a feed's messages. */
export async function messageRefs(db: Queryable, feedId: number): Promise<number[]> {
  const { rows } = await db.query<{ ref: number }>(`select message_ref as ref from feed_message where feed_id = $1 order by message_ref`, [feedId]);
  return rows.map((r) => r.ref);
}
