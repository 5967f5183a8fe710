/**
 * The durable position of a flow's sweep per backend, keyed by (backend, flow): any flow that pages through
 * Amazon by update time keeps its place here (the next window starts from it, with overlap).
 */
import type { Queryable } from './sql.ts';

export interface CursorStore {
  /** The last window's start for the next sweep, or null before the first one. */
  get(backendId: number, flow: string): Promise<{ lastUpdatedAfter: Date; lastRunAt: Date | null } | null>;
  /** Moves the cursor forward only (a late, older sweep never moves it back) and stamps the run time. */
  advance(backendId: number, flow: string, lastUpdatedAfter: Date, db?: Queryable): Promise<void>;
}

/** The cursor store over `db`; pass a client to advance() inside the sweep's transaction. */
export function createCursorStore(db: Queryable): CursorStore {
  return {
    async get(backendId, flow) {
      const { rows } = await db.query(
        `select last_updated_after as "lastUpdatedAfter", last_run_at as "lastRunAt" from sweep_cursor
          where backend_id = $1 and flow = $2`,
        [backendId, flow],
      );
      return rows[0] ?? null;
    },
    async advance(backendId, flow, lastUpdatedAfter, tx = db) {
      await tx.query(
        `insert into sweep_cursor as c (backend_id, flow, last_updated_after, last_run_at) values ($1, $2, $3, now())
         on conflict (backend_id, flow) do update set
           last_updated_after = greatest(c.last_updated_after, excluded.last_updated_after), last_run_at = now()`,
        [backendId, flow, lastUpdatedAfter.toISOString()],
      );
    },
  };
}
