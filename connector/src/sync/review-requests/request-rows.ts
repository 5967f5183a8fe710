/**
 * The `review_request` rows: one per (backend, order), the flow's memory of what it asked and sent. `sending` is
 * written (and committed) before the request goes to Amazon, so a crash or a lost answer leaves a trace the next
 * run settles by asking Amazon's actions again. Final states: sent, skipped, expired, refused.
 */
import type { Queryable } from '../../core/sql.ts';

export type RequestState = 'waiting' | 'sending' | 'sent' | 'skipped' | 'expired' | 'refused';
export const FINAL_STATES: readonly RequestState[] = ['sent', 'skipped', 'expired', 'refused'];

export interface RequestRow {
  amazonOrderId: string;
  marketplaceId: string;
  state: RequestState;
  code: string | null;
  deliveredAt: Date;
  windowEndsAt: Date;
  checks: number;
  checkedAt: Date | null;
  sentAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `amazon_order_id as "amazonOrderId", marketplace_id as "marketplaceId", state, code, delivered_at as "deliveredAt",
  window_ends_at as "windowEndsAt", checks, checked_at as "checkedAt", sent_at as "sentAt", updated_at as "updatedAt"`;

export async function readRow(db: Queryable, backendId: number, orderId: string): Promise<RequestRow | null> {
  const { rows } = await db.query<RequestRow>(`select ${COLUMNS} from review_request where backend_id = $1 and amazon_order_id = $2`, [backendId, orderId]);
  return rows[0] ?? null;
}

export interface RowWrite {
  orderId: string;
  marketplaceId: string;
  deliveredAt: Date;
  windowEndsAt: Date;
  state: RequestState;
  code?: string | null;
  /** Amazon's actions were asked in this step. */
  checked?: boolean;
  sent?: boolean;
}

/** Inserts or moves the row (never out of a final state: a second worker's late write cannot undo a `sent`). */
export async function writeRow(db: Queryable, backendId: number, w: RowWrite): Promise<void> {
  await db.query(
    `insert into review_request as r (backend_id, amazon_order_id, marketplace_id, state, code, delivered_at, window_ends_at, checks, checked_at, sent_at)
     values ($1, $2, $3, $4, $5, $6, $7, case when $8 then 1 else 0 end, case when $8 then now() end, case when $9 then now() end)
     on conflict (backend_id, amazon_order_id) do update set
       state = excluded.state, code = excluded.code, delivered_at = excluded.delivered_at, window_ends_at = excluded.window_ends_at,
       checks = r.checks + case when $8 then 1 else 0 end, checked_at = coalesce(excluded.checked_at, r.checked_at),
       sent_at = coalesce(excluded.sent_at, r.sent_at), updated_at = now()
     where r.state not in ('sent', 'skipped', 'expired', 'refused')`,
    [backendId, w.orderId, w.marketplaceId, w.state, w.code ?? null, w.deliveredAt, w.windowEndsAt, w.checked ?? false, w.sent ?? false],
  );
}

/** Rows by state per backend (the flow's status counts and its gauge). */
export async function countRows(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    'select backend_id, state, count(*)::int as n from review_request where backend_id = any($1::int[]) group by backend_id, state',
    [[...backendIds]],
  );
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.backend_id, { ...out.get(r.backend_id), [r.state]: r.n });
  return out;
}

/** The backend's rows, newest change first, optionally of one state. */
export async function listRows(db: Queryable, backendId: number, q: { state?: RequestState; limit: number }): Promise<RequestRow[]> {
  const { rows } = await db.query<RequestRow>(
    `select ${COLUMNS} from review_request where backend_id = $1 and ($2::text is null or state = $2)
      order by updated_at desc, amazon_order_id limit $3`,
    [backendId, q.state ?? null, q.limit],
  );
  return rows;
}
