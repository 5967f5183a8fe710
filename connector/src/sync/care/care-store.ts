/**
 * `care_activity`: one row per (backend, order, reason). Staging is `insert ... on conflict do nothing`, so an event
 * seen by every sweep (a request still open, an order still at risk) makes one row, hence one activity, ever.
 */
import type { Queryable } from '../../core/sql.ts';
import type { CareReason, CareState } from './care.payloads.ts';

export interface CareEvent {
  amazonOrderId: string;
  reason: CareReason;
  /** When the event happened (the request, the refund, the latest ship time): the due time counts from it. */
  at: Date;
  /** What the source said, without buyer data. */
  detail: Record<string, unknown>;
}

export interface CareRow {
  backendId: number;
  amazonOrderId: string;
  reason: CareReason;
  state: CareState;
  code: string | null;
  detail: Record<string, unknown>;
  erpOrderId: number | null;
  erpActivityId: number | null;
  erpUserId: number | null;
  dueAt: Date | null;
  createStartedAt: Date | null;
  doneAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `backend_id as "backendId", amazon_order_id as "amazonOrderId", reason, state, code, detail, erp_order_id as "erpOrderId",
  erp_activity_id as "erpActivityId", erp_user_id as "erpUserId", due_at as "dueAt", create_started_at as "createStartedAt", done_at as "doneAt",
  created_at as "createdAt", updated_at as "updatedAt"`;

/** Stages the events (new ones only); answers how many rows are new. `detail.at` keeps the event's time. */
export async function stageEvents(db: Queryable, backendId: number, events: readonly CareEvent[]): Promise<number> {
  if (!events.length) return 0;
  const { rowCount } = await db.query(
    `insert into care_activity (backend_id, amazon_order_id, reason, state, detail)
     select $1, x.order_id, x.reason, 'pending', x.detail from jsonb_to_recordset($2::jsonb) as x(order_id text, reason text, detail jsonb)
     on conflict (backend_id, amazon_order_id, reason) do nothing`,
    [backendId, JSON.stringify(events.map((e) => ({ order_id: e.amazonOrderId, reason: e.reason, detail: { ...e.detail, at: e.at.toISOString() } })))],
  );
  return rowCount ?? 0;
}

/** The rows of one state (oldest first), at most `limit`. */
export async function rowsInState(db: Queryable, backendId: number, state: CareState, limit: number): Promise<CareRow[]> {
  const { rows } = await db.query<CareRow>(
    `select ${COLUMNS} from care_activity where backend_id = $1 and state = $2 order by created_at, amazon_order_id, reason limit $3`,
    [backendId, state, limit],
  );
  return rows;
}

export interface CareFilter { state?: CareState; reason?: CareReason; amazonOrderId?: string; limit: number }

/** The list route's rows (newest first) and the counts per state, whatever the filters. */
export async function listCare(db: Queryable, backendId: number, f: CareFilter): Promise<{ rows: CareRow[]; counts: Record<string, number> }> {
  const { rows } = await db.query<CareRow>(
    `select ${COLUMNS} from care_activity where backend_id = $1 and ($2::text is null or state = $2) and ($3::text is null or reason = $3)
        and ($4::text is null or amazon_order_id = $4)
      order by created_at desc, amazon_order_id, reason limit $5`,
    [backendId, f.state ?? null, f.reason ?? null, f.amazonOrderId ?? null, f.limit],
  );
  return { rows, counts: (await careCounts(db, [backendId])).get(backendId) ?? {} };
}

/** Rows per state, per backend (the API's and the CLI's status counts). */
export async function careCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  const out = new Map<number, Record<string, number>>(backendIds.map((id) => [id, {}]));
  if (!backendIds.length) return out;
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    'select backend_id, state, count(*)::int as n from care_activity where backend_id = any($1::int[]) group by backend_id, state',
    [[...backendIds]],
  );
  for (const r of rows) out.get(r.backend_id)![r.state] = r.n;
  return out;
}

type Patch = Partial<Pick<CareRow, 'state' | 'code' | 'erpOrderId' | 'erpActivityId' | 'erpUserId' | 'dueAt' | 'createStartedAt' | 'doneAt'>>;
const COLUMN_OF: Record<keyof Patch, string> = {
  state: 'state', code: 'code', erpOrderId: 'erp_order_id', erpActivityId: 'erp_activity_id', erpUserId: 'erp_user_id', dueAt: 'due_at',
  createStartedAt: 'create_started_at', doneAt: 'done_at',
};

export async function updateCare(db: Queryable, backendId: number, amazonOrderId: string, reason: CareReason, patch: Patch): Promise<void> {
  const keys = Object.keys(patch) as Array<keyof Patch>;
  if (!keys.length) return;
  await db.query(
    `update care_activity set ${keys.map((k, i) => `${COLUMN_OF[k]} = $${i + 4}`).join(', ')}, updated_at = now()
      where backend_id = $1 and amazon_order_id = $2 and reason = $3`,
    [backendId, amazonOrderId, reason, ...keys.map((k) => patch[k])],
  );
}
