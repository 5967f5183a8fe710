/**
 * What the API, the CLI status and /metrics show of the Feeds core: recent feeds with their state and message
 * counts (never the bodies: they may hold buyer data), and message counts per state per backend.
 */
import type { Queryable } from '../sql.ts';

export interface FeedListItem {
  id: number;
  feedType: string;
  state: string;
  amazonFeedId: string | null;
  processingStatus: string | null;
  marketplaceIds: string[];
  code: string | null;
  message: string | null;
  attemptStartedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  messages: Record<string, number>;
}

/** The backend's latest feeds, newest first (at most `limit`), with how many of their messages are in each state. */
export async function recentFeeds(db: Queryable, backendId: number, limit: number, feedType?: string): Promise<FeedListItem[]> {
  const { rows } = await db.query<FeedListItem>(
    `select f.id::int, f.feed_type as "feedType", f.state, f.amazon_feed_id as "amazonFeedId", f.processing_status as "processingStatus",
            f.marketplace_ids as "marketplaceIds", f.code, f.message, f.attempt_started_at as "attemptStartedAt",
            f.created_at as "createdAt", f.updated_at as "updatedAt",
            coalesce((select jsonb_object_agg(s.state, s.n) from (select m.state, count(*)::int as n from feed_message m where m.feed_id = f.id group by m.state) s), '{}') as messages
       from feed f where f.backend_id = $1 and ($3::text is null or f.feed_type = $3)
      order by f.id desc limit $2`,
    [backendId, limit, feedType ?? null],
  );
  return rows;
}

/** Messages per state (`queued`, `sent`, `accepted`, `rejected`, `unknown`) per backend. */
export async function messageCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    `select backend_id, state, count(*)::int as n from feed_message where backend_id = any($1::int[]) group by backend_id, state`,
    [[...backendIds]],
  );
  const out = new Map<number, Record<string, number>>(backendIds.map((id) => [id, {}]));
  for (const r of rows) out.get(r.backend_id)![r.state] = r.n;
  return out;
}
