/**
 * The durable `write_date` position per backend and ERP model: the latest second seen, the (id -> write_date)
 * pairs already handed over within the overlap behind it (dropped when seen again), and since when each
 * subscriber (queue task) listens (a new one starts from now, or the configured look-back).
 */
import type { Queryable } from '../sql.ts';

export interface ChangeCursor {
  /** Odoo second (`YYYY-MM-DD HH:MM:SS`, UTC). */
  cursor: string;
  /** Record id -> the write_date second it was handed over with. */
  seen: Record<string, string>;
  /** Queue task -> the second it listens from. */
  subscribers: Record<string, string>;
}

export async function readCursor(db: Queryable, backendId: number, model: string): Promise<ChangeCursor | null> {
  const { rows } = await db.query(
    `select to_char(cursor, 'YYYY-MM-DD HH24:MI:SS') as cursor, seen, subscribers from erp_change_cursor
      where backend_id = $1 and model = $2`,
    [backendId, model],
  );
  return (rows[0] as ChangeCursor | undefined) ?? null;
}

/** Stores the position (in the transaction that enqueued what it handed over). */
export async function writeCursor(db: Queryable, backendId: number, model: string, c: ChangeCursor): Promise<void> {
  await db.query(
    `insert into erp_change_cursor (backend_id, model, cursor, seen, subscribers, polled_at) values ($1, $2, $3::timestamp, $4, $5, now())
     on conflict (backend_id, model) do update set cursor = excluded.cursor, seen = excluded.seen,
       subscribers = excluded.subscribers, polled_at = now()`,
    [backendId, model, c.cursor, JSON.stringify(c.seen), JSON.stringify(c.subscribers)],
  );
}

/** Every cursor of a backend (the API's and /health's view of the feed). */
export async function cursorsOf(db: Queryable, backendId: number): Promise<Array<{ model: string; cursor: string; polledAt: Date; subscribers: string[] }>> {
  const { rows } = await db.query(
    `select model, to_char(cursor, 'YYYY-MM-DD HH24:MI:SS') as cursor, polled_at as "polledAt", subscribers from erp_change_cursor
      where backend_id = $1 order by model`,
    [backendId],
  );
  return (rows as Array<{ model: string; cursor: string; polledAt: Date; subscribers: Record<string, string> }>).map((r) => ({
    model: r.model, cursor: r.cursor, polledAt: r.polledAt, subscribers: Object.keys(r.subscribers),
  }));
}
