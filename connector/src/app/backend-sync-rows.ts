/**
 * The sync numbers of many backends in one statement: the backends list costs the same two queries (the ORM's
 * list and this one) whatever the number of backends, instead of one query per backend through a pool of four.
 */
import type { Queryable } from '../core/sql.ts';
import type { BackendSyncRow } from './views.ts';

interface Row {
  id: number;
  cursor: Date | null;
  last_sweep_at: Date | null;
  last_sweep_status: string | null;
  imported: number;
  waiting: number;
  failed: number;
  open_conflicts: number;
}

/** Sync numbers per backend id, for `ids` (all backends when omitted); a backend without data gets zeros. */
export async function backendSyncRows(db: Queryable, ids?: readonly number[]): Promise<Map<number, BackendSyncRow>> {
  // The filter only when asked: a semi-join on "all backends" turned the streaming count into a hash aggregate.
  const only = (column: string) => (ids ? `where ${column} = any($1::int[])` : '');
  // One pass over record_state's (backend_id, flow, state) index counts every backend (an index-only scan: per-backend
  // lateral counts were planned as one sequential scan per backend); the last sweep is an index probe per backend.
  const { rows } = await db.query<Row>(
    `with wanted as (select id from backend ${only('id')}),
          states as materialized (select backend_id, state as sync_state, count(*) as n from record_state
                       where flow = 'orders' ${ids ? 'and backend_id = any($1::int[])' : ''} group by backend_id, state)
     select b.id, c.last_updated_after as cursor, r.started_at as last_sweep_at, r.status as last_sweep_status,
            coalesce((select sum(n) from states s where s.backend_id = b.id and s.sync_state = 'imported'), 0)::int as imported,
            coalesce((select sum(n) from states s where s.backend_id = b.id and s.sync_state in ('waiting', 'queued')), 0)::int as waiting,
            coalesce((select sum(n) from states s where s.backend_id = b.id and s.sync_state = 'failed'), 0)::int as failed,
            (select count(*) from sync_conflict k where k.backend_id = b.id and k.status = 'open')::int as open_conflicts
       from wanted b
       left join sweep_cursor c on c.backend_id = b.id and c.flow = 'orders'
       left join lateral (select started_at, status from sync_run where backend_id = b.id and flow = 'orders.sweep'
                          order by started_at desc, id desc limit 1) r on true`,
    ids ? [[...ids]] : [],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        cursor: r.cursor,
        lastSweepAt: r.last_sweep_at,
        lastSweepStatus: r.last_sweep_status,
        imported: r.imported,
        waiting: r.waiting,
        failed: r.failed,
        openConflicts: r.open_conflicts,
      },
    ]),
  );
}

/** Zeros: a backend created between the two reads of the list. */
export const emptySyncRow = (): BackendSyncRow => ({ cursor: null, lastSweepAt: null, lastSweepStatus: null, imported: 0, waiting: 0, failed: 0, openConflicts: 0 });
