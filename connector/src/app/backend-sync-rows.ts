/**
 * The sync numbers of many backends in a fixed number of statements: the backends list costs the same queries
 * (the ORM's list, this one, and one per flow's `status.counts`) whatever the number of backends, instead of one
 * query per backend through a pool of four.
 */
import type { Queryable } from '../core/sql.ts';
import type { BackendSyncRow } from './views.ts';
import { flows as flowList, type AssembledFlow } from './flow-list.ts';
import { ttlCache, type TtlCache } from '../core/ttl-cache.ts';

interface Row {
  id: number;
  cursor: Date | null;
  last_sweep_at: Date | null;
  last_sweep_status: string | null;
  open_conflicts: number;
}

/** Each flow's records by state for `ids`: flow name -> backend id -> state -> count. */
export async function flowCounts(db: Queryable, ids: readonly number[], flows: readonly AssembledFlow[] = flowList): Promise<Map<string, Map<number, Record<string, number>>>> {
  // Only flows that keep records have counts (housekeeping has none): no empty entry per backend for them.
  const counted = await Promise.all(flows.flatMap((f) => (f.status ? [f.status.counts(db, ids).then((c) => [f.name, c] as const)] : [])));
  return new Map(counted);
}

type FlowCounts = Awaited<ReturnType<typeof flowCounts>>;

/**
 * How long the backends list reuses each flow's counts by state: counting reads every record state of every backend
 * (100,000 orders: ~15 ms of PostgreSQL CPU a call, the API bench's costliest statement), and the panel refreshes
 * the list every 15 s from each open tab. The other numbers (cursor, last sweep, open conflicts) stay live.
 */
export const LIST_COUNTS_TTL_MS = 5_000;
const listCounts = new WeakMap<Queryable, TtlCache<FlowCounts>>();

/** The backends list's sync numbers: as `backendSyncRows`, with the flows' counts at most LIST_COUNTS_TTL_MS old. */
export function listedBackendSyncRows(db: Queryable): Promise<Map<number, BackendSyncRow>> {
  let cache = listCounts.get(db);
  if (!cache) listCounts.set(db, (cache = ttlCache<FlowCounts>(LIST_COUNTS_TTL_MS)));
  const counts = cache;
  return backendSyncRows(db, undefined, (ids) => counts.get(ids.join(','), () => flowCounts(db, ids)));
}

/** Sync numbers per backend id, for `ids` (all backends when omitted); a backend without data gets zeros. */
export async function backendSyncRows(db: Queryable, ids?: readonly number[], countsOf = (wanted: readonly number[]) => flowCounts(db, wanted)): Promise<Map<number, BackendSyncRow>> {
  const only = (column: string) => (ids ? `where ${column} = any($1::int[])` : '');
  // The sweep cursor and the last sweep: an index probe per backend.
  const { rows } = await db.query<Row>(
    `with wanted as (select id from backend ${only('id')})
     select b.id, c.last_updated_after as cursor, r.started_at as last_sweep_at, r.status as last_sweep_status,
            (select count(*) from sync_conflict k where k.backend_id = b.id and k.status = 'open')::int as open_conflicts
       from wanted b
       left join sweep_cursor c on c.backend_id = b.id and c.flow = 'orders'
       left join lateral (select started_at, status from sync_run where backend_id = b.id and flow = 'orders.sweep'
                          order by started_at desc, id desc limit 1) r on true`,
    ids ? [[...ids]] : [],
  );
  const counts = await countsOf(rows.map((r) => r.id));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        cursor: r.cursor,
        lastSweepAt: r.last_sweep_at,
        lastSweepStatus: r.last_sweep_status,
        openConflicts: r.open_conflicts,
        flows: Object.fromEntries([...counts].map(([flow, byBackend]) => [flow, byBackend.get(r.id) ?? {}])),
      },
    ]),
  );
}

/** Zeros: a backend created between the two reads of the list. */
export const emptySyncRow = (): BackendSyncRow => ({
  cursor: null,
  lastSweepAt: null,
  lastSweepStatus: null,
  openConflicts: 0,
  flows: Object.fromEntries(flowList.filter((f) => f.status).map((f) => [f.name, {}])),
});

/** One backend's sync numbers (the same statements as the list's). */
export async function backendSyncRow(db: Queryable, backendId: number): Promise<BackendSyncRow> {
  return (await backendSyncRows(db, [backendId])).get(backendId) ?? emptySyncRow();
}
