/**
 * One urgent poll of a backend's ERP (why it is this flow's own job and not a faster change feed: urgent-poll.tasks.ts):
 * ONE `search_read` of the `stock.move`s done with `write_date >= cursor`, field `write_date` only, at most
 * `PAGE + already seen` rows (so a page always brings new ones); the moves not seen yet are queued to
 * `merchant-stock:moves-done`, the task the webhook queues, in the transaction that moves the cursor (a crash before
 * the commit polls the same again). `>=` and the ids seen in the cursor's second: Odoo answers to the second and
 * rewrites `>` into `>= X + 1 s`, so `>` would miss a move done later in that second.
 *
 * No overlap behind the cursor (the change feed looks 10 s back): a move a long ERP transaction dates before the
 * cursor is left to the change feed's own poll, which still hands every move over; this poll only makes most of them
 * sooner. A move both hand over is recomputed twice, to the same figure (no second send).
 */
import { enqueueMany } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { withTransaction } from '../../../core/tx.ts';
import { odooSecond, toOdooDatetime } from '../../frame/change-feed/index.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { freeStockGateway } from '../erp/free-stock.gateway.ts';
import { Tasks } from '../merchant-stock.payloads.ts';

/** New moves per poll at most (one job of the moves task: it reads their products in one call). */
export const PAGE = 200;
/**
 * A cursor not polled for this long (the flow or the backend was off, the webhook was live) starts again from now:
 * what happened meanwhile is the change feed's and the hourly recompute's, not a burst of old moves.
 */
const STALE_MS = 5 * 60_000;
/** A fresh cursor starts this far back: the connector's clock and the ERP's may differ by a little (a move seen twice is harmless). */
const START_BEHIND_MS = 5_000;

interface MovePollState {
  cursor: string;
  /** Move id -> its write_date second, for the moves of the cursor's second already handed over. */
  seen: Record<string, string>;
}

export interface MovePollResult {
  /** Moves handed to the moves task. */
  handed: number;
  /** The page was full: poll again at once. */
  more: boolean;
}

/** Polls the done moves of `backendId` once (see the file's comment). */
export async function pollDoneMoves(env: Pick<TaskEnv, 'db' | 'runtimes'>, backendId: number, now = new Date()): Promise<MovePollResult> {
  const pool = env.db.pool;
  const before = (await readState(pool, backendId, now)) ?? { cursor: toOdooDatetime(new Date(now.getTime() - START_BEHIND_MS)), seen: {} };
  const limit = PAGE + Object.keys(before.seen).length;
  const { erp } = await env.runtimes.get(backendId);
  const rows = await freeStockGateway(erp).movesDoneSince(before.cursor, limit);
  const changes = rows.flatMap((r) => {
    const s = odooSecond(r.writeDate);
    return s ? [{ id: r.id, s }] : [];
  });
  const fresh = changes.filter((c) => before.seen[String(c.id)] !== c.s);
  const last = changes.at(-1)?.s;
  const cursor = last && last > before.cursor ? last : before.cursor;
  const seen: Record<string, string> = {};
  for (const [id, s] of Object.entries(before.seen)) if (s === cursor) seen[id] = s;
  for (const c of changes) if (c.s === cursor) seen[String(c.id)] = c.s;
  await withTransaction(pool, async (tx) => {
    const ids = [...new Set(fresh.map((c) => c.id))];
    if (ids.length) await enqueueMany(tx, Tasks.movesDone, [{ backendId, ids }]);
    await writeState(tx, backendId, { cursor, seen });
  });
  return { handed: fresh.length, more: rows.length >= limit };
}

async function readState(db: Queryable, backendId: number, now: Date): Promise<MovePollState | null> {
  const { rows } = await db.query(
    `select to_char(cursor, 'YYYY-MM-DD HH24:MI:SS') as cursor, seen, polled_at as "polledAt" from merchant_stock_move_poll where backend_id = $1`,
    [backendId],
  );
  const row = rows[0] as (MovePollState & { polledAt: Date }) | undefined;
  if (!row || now.getTime() - row.polledAt.getTime() > STALE_MS) return null;
  return { cursor: row.cursor, seen: row.seen };
}

async function writeState(db: Queryable, backendId: number, s: MovePollState): Promise<void> {
  await db.query(
    `insert into merchant_stock_move_poll (backend_id, cursor, seen, polled_at) values ($1, $2::timestamp, $3, now())
     on conflict (backend_id) do update set cursor = excluded.cursor, seen = excluded.seen, polled_at = now()`,
    [backendId, s.cursor, JSON.stringify(s.seen)],
  );
}
