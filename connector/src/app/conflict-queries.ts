/**
 * Read side of the conflicts list: light summaries (the snapshots and the diff stay out: a page of 50 weighed
 * 130 KB with them; `GET /api/conflicts/:id` has them), most urgent first by default: money conflicts, then the
 * soonest ship-by deadline, then the oldest (keyset paging on the urgency indexes of Migration20261206040000), or
 * newest first. Filters: backend, status, code, kind, flow (its kinds), money. Facets count the open ones.
 */
import { whereBuilder, type Queryable } from '../core/sql.ts';
import { PermanentError } from '../core/errors.ts';
import type { PageOf } from '../api/deps.ts';
import type { ConflictFacetsT, ConflictSummaryT } from '../api/conflict.schemas.ts';
import { idCursor, urgencyCursor } from '../api/cursors.ts';
import type { FlowDefinition } from '../sync/frame/flow.ts';
import { conflictKindsOf } from '../sync/frame/conflict-rerun.ts';

type KindFlows = readonly Pick<FlowDefinition, 'name' | 'conflictKinds'>[];

interface Row {
  id: number;
  backend_id: number;
  kind: string;
  amazon_key: string;
  code: string;
  message: string;
  status: ConflictSummaryT['status'];
  occurrences: number;
  money: boolean;
  due_at: Date | null;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

export interface ConflictListQuery {
  backendId?: number;
  status?: string;
  code?: string;
  kind?: string;
  flow?: string;
  money?: boolean;
  /** `urgency`: most urgent first (needs `status`: the indexes order within one status); `newest`: by id, newest first. Default: urgency with a status, else newest. */
  sort?: 'urgency' | 'newest';
  limit: number;
  /** The cursor the previous page gave (its sort's). */
  cursor?: string;
}

/** The flow that declares a conflict kind (null: none does, e.g. a kind of a flow since removed). */
export const flowOfKind = (flows: KindFlows, kind: string): string | null => flows.find((f) => conflictKindsOf(f).includes(kind))?.name ?? null;

/** The kinds of `flow`; an unknown flow is a 400 naming the known ones. */
export function kindsOfFlow(flows: KindFlows, flow: string): string[] {
  const f = flows.find((x) => x.name === flow);
  if (!f) throw new PermanentError('BAD_REQUEST', `unknown flow "${flow}": one of ${flows.map((x) => x.name).join(', ')}`, { flow });
  return conflictKindsOf(f);
}

/** The filters shared by the list and the facets, as `and`-ed conditions. */
function filtersOf(flows: KindFlows, q: Omit<ConflictListQuery, 'limit' | 'cursor' | 'sort'>) {
  const w = whereBuilder();
  if (q.backendId !== undefined) w.add('backend_id = ?', q.backendId);
  if (q.status) w.add('status = ?', q.status);
  if (q.code) w.add('code = ?', q.code);
  if (q.kind) w.add('kind = ?', q.kind);
  if (q.flow !== undefined) w.add('kind = any(?::text[])', kindsOfFlow(flows, q.flow));
  if (q.money !== undefined) w.add('money = ?', q.money);
  return w;
}

// The urgency sort key, written exactly as the indexes have it (the planner matches the expressions).
const URGENCY = `(not money), (coalesce(due_at, 'infinity'::timestamptz)), sync_conflict.id`;

/** One page of conflict summaries; `nextCursor` continues it when more follow. */
export async function listConflictSummaries(db: Queryable, flows: KindFlows, q: ConflictListQuery): Promise<PageOf<ConflictSummaryT>> {
  const w = filtersOf(flows, q);
  const newest = q.sort === 'newest' || (q.sort === undefined && !q.status);
  // Urgency is ordered within one status (its indexes lead with it): across statuses it would sort every row.
  if (!newest && !q.status) throw new PermanentError('BAD_REQUEST', 'sort=urgency needs status (open, resolved or dismissed)', { sort: 'urgency' });
  // A cursor we did not give out is refused (CURSOR_INVALID), never taken for the first page.
  if (newest) {
    const before = idCursor.decode(q.cursor);
    if (before !== undefined) w.add('id < ?::bigint', before);
  } else {
    const after = urgencyCursor.decode(q.cursor);
    if (after) {
      const d = w.param(after.dueAt ?? 'infinity');
      const i = w.param(after.id);
      w.add(`(${URGENCY}) > (?::boolean, ${d}::timestamptz, ${i}::bigint)`, after.notMoney);
    }
  }
  const limit = w.param(q.limit + 1);
  // "sync_conflict.id": a bare "id" would be the output column (id::int), which no index orders.
  const { rows } = await db.query<Row>(
    `select id::int, backend_id, kind, amazon_key, code, message, status, occurrences, money, due_at, created_at, updated_at, resolved_at
       from sync_conflict ${w.where()}
      order by ${newest ? 'sync_conflict.id desc' : URGENCY} limit ${limit}`,
    w.params,
  );
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const next = rows.length > q.limit && last ? (newest ? idCursor.encode(last.id) : urgencyCursor.encode(last.money, last.due_at, last.id)) : null;
  return {
    items: page.map((r) => ({
      id: r.id,
      backendId: r.backend_id,
      kind: r.kind,
      flow: flowOfKind(flows, r.kind),
      amazonKey: r.amazon_key,
      code: r.code,
      message: r.message,
      status: r.status,
      money: r.money,
      dueAt: r.due_at ? r.due_at.toISOString() : null,
      occurrences: r.occurrences,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
    })),
    nextCursor: next,
  };
}

/** Counts of the conflicts the filters select (status default open), per code, flow and backend: the filter chips. */
export async function conflictFacets(db: Queryable, flows: KindFlows, q: Omit<ConflictListQuery, 'limit' | 'cursor' | 'sort'>): Promise<ConflictFacetsT> {
  const w = filtersOf(flows, { ...q, status: q.status ?? 'open' });
  const { rows } = await db.query<{ backend_id: number; kind: string; code: string; money: boolean; n: number }>(
    `select backend_id, kind, code, bool_or(money) as money, count(*)::int as n from sync_conflict ${w.where()} group by backend_id, kind, code`,
    w.params,
  );
  const sum = <K extends string | number>(key: (r: (typeof rows)[number]) => K) => {
    const m = new Map<K, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.n);
    return [...m].sort((a, b) => b[1] - a[1]);
  };
  const moneyCodes = new Set(rows.filter((r) => r.money).map((r) => r.code));
  return {
    total: rows.reduce((n, r) => n + r.n, 0),
    byCode: sum((r) => r.code).map(([code, count]) => ({ code, count, money: moneyCodes.has(code) })),
    byFlow: sum((r) => flowOfKind(flows, r.kind) ?? r.kind).map(([flow, count]) => ({ flow, count })),
    byBackend: sum((r) => r.backend_id).map(([backendId, count]) => ({ backendId, count })),
  };
}
