/**
 * One order's history for the panel: the order flow's runs of the last 14 days that touched it (with its steps'
 * outcome and error code in each) and its open conflicts. The runs come off the backend's recent-runs index, each
 * probed on the steps' (run, record) index; a run that did not touch the order adds no row.
 */
import { Type, type Static } from 'typebox';
import type { Queryable } from '../../../core/sql.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';

export const OrderHistory = Type.Object(
  {
    runs: Type.Array(
      Type.Object({
        runId: Type.Integer(),
        flow: Type.String(),
        trigger: Type.String(),
        status: Type.String({ description: "the run's status (the whole batch)" }),
        startedAt: IsoTime,
        outcome: Type.String({ description: "this order's outcome in the run: its last step's status" }),
        errorCode: Nullable(Type.String({ description: "the first error code of this order's steps" })),
      }),
      { description: 'newest first, at most 50, last 14 days' },
    ),
    openConflicts: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), message: Type.String(), createdAt: IsoTime })),
  },
  { $id: 'OrderHistory' },
);
export type OrderHistoryT = Static<typeof OrderHistory>;

export async function orderHistory(db: Queryable, backendId: number, amazonOrderId: string): Promise<OrderHistoryT> {
  const [runs, conflicts] = await Promise.all([
    db.query<{ id: string; flow: string; trigger: string; status: string; started_at: Date; outcome: string; error_code: string | null }>(
      `select r.id::text, r.flow, r.trigger, r.status, r.started_at, s.outcome, s.error_code
         from sync_run r
         cross join lateral (
           select (array_agg(st.status order by st.id desc))[1] as outcome,
                  (array_agg(st.error_code order by st.id) filter (where st.error_code is not null))[1] as error_code
             from sync_step st where st.run_id = r.id and st.record_key = $2
         ) s
        where r.backend_id = $1 and r.flow in ('orders.import', 'orders.resync', 'orders.update')
          and r.started_at > now() - interval '14 days' and s.outcome is not null
        order by r.started_at desc limit 50`,
      [backendId, amazonOrderId],
    ),
    db.query<{ id: string; code: string; message: string; created_at: Date }>(
      `select id::text, code, message, created_at from sync_conflict
        where backend_id = $1 and kind = 'order' and amazon_key = $2 and status = 'open' order by id desc`,
      [backendId, amazonOrderId],
    ),
  ]);
  return {
    runs: runs.rows.map((r) => ({ runId: Number(r.id), flow: r.flow, trigger: r.trigger, status: r.status, startedAt: r.started_at.toISOString(), outcome: r.outcome, errorCode: r.error_code })),
    openConflicts: conflicts.rows.map((c) => ({ id: Number(c.id), code: c.code, message: c.message, createdAt: c.created_at.toISOString() })),
  };
}
