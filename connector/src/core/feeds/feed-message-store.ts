/**
 * The queue of feed messages (`feed_message`): flows enqueue in their own transaction, the scheduler takes them in
 * batches, the poll step writes each one's outcome, and the flow's result task reads them back by feed.
 */
import type { Queryable } from '../sql.ts';
import type { FeedMessageInput, FeedMessageResult } from './types.ts';

/**
 * Queues a message, idempotent on (backend, feed type, key): a key already queued, sent, accepted or left unknown
 * creates nothing (`created: false`). A key whose earlier message Amazon rejected is queued again with the new body
 * (a retry after the flow's conflict was resolved): that is the only way one key goes to Amazon twice.
 */
export async function enqueueFeedMessage(tx: Queryable, m: FeedMessageInput): Promise<{ messageId: number; created: boolean }> {
  const inserted = await tx.query<{ id: string }>(
    `insert into feed_message as f (backend_id, feed_type, key, marketplace_ids, body, attachment)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (backend_id, feed_type, key) do update set
       marketplace_ids = excluded.marketplace_ids, body = excluded.body, attachment = excluded.attachment,
       state = 'queued', feed_id = null, message_ref = null, result_code = null, result_message = null, updated_at = now()
       where f.state = 'rejected'
     returning id`,
    [m.backendId, m.feedType, m.key, [...m.marketplaceIds], JSON.stringify(m.body), m.attachment ?? null],
  );
  if (inserted.rows[0]) return { messageId: Number(inserted.rows[0].id), created: true };
  // The conflict's `where` refused the update: the key is already on its way (or done). Nothing was written.
  const found = await tx.query<{ id: string }>(
    `select id from feed_message where backend_id = $1 and feed_type = $2 and key = $3`,
    [m.backendId, m.feedType, m.key],
  );
  return { messageId: Number(found.rows[0]!.id), created: false };
}

/**
 * Queues many messages of one backend, feed type and marketplace set in one statement, with the same idempotence as
 * `enqueueFeedMessage` (a key already on its way creates nothing; a rejected key is queued again). Ids follow the
 * input order (the scheduler batches by id). Keys must be distinct (checked at the frame's boundary). Answers one
 * entry per input message, in input order. Why: one insert per message made 50,000 SKUs a minute of statements.
 */
export async function enqueueFeedMessages(
  tx: Queryable,
  batch: { backendId: number; feedType: string; marketplaceIds: readonly string[]; messages: ReadonlyArray<{ key: string; body: Record<string, unknown> }> },
): Promise<Array<{ key: string; messageId: number; created: boolean }>> {
  if (!batch.messages.length) return [];
  const { rows } = await tx.query<{ key: string; id: string; created: boolean }>(
    `with x as (select key, body, n from unnest($4::text[], $5::jsonb[]) with ordinality as x(key, body, n)),
     ins as (
       insert into feed_message as f (backend_id, feed_type, key, marketplace_ids, body)
       select $1, $2, x.key, $3, x.body from x order by x.n
       on conflict (backend_id, feed_type, key) do update set
         marketplace_ids = excluded.marketplace_ids, body = excluded.body, attachment = null,
         state = 'queued', feed_id = null, message_ref = null, result_code = null, result_message = null, updated_at = now()
         where f.state = 'rejected'
       returning f.id, f.key)
     select x.key, coalesce(ins.id, f.id) as id, ins.id is not null as created
       from x left join ins on ins.key = x.key
       left join feed_message f on ins.id is null and f.backend_id = $1 and f.feed_type = $2 and f.key = x.key
      order by x.n`,
    [batch.backendId, batch.feedType, [...batch.marketplaceIds], batch.messages.map((m) => m.key), batch.messages.map((m) => JSON.stringify(m.body))],
  );
  return rows.map((r) => ({ key: r.key, messageId: Number(r.id), created: r.created }));
}

/** The outcome of every message of a feed (`feed.id`), in message order. */
export async function feedResults(db: Queryable, feedId: number): Promise<FeedMessageResult[]> {
  const { rows } = await db.query<{ key: string; body: Record<string, unknown>; state: string; result_code: string | null; result_message: string | null }>(
    `select key, body, state, result_code, result_message from feed_message where feed_id = $1 order by message_ref, id`,
    [feedId],
  );
  return rows.map((r) => ({
    key: r.key,
    body: r.body,
    outcome: r.state === 'accepted' || r.state === 'rejected' ? r.state : 'unknown',
    code: r.result_code,
    message: r.result_message,
  }));
}
