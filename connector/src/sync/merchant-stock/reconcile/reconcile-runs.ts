/**
 * The reconciliation's sync runs read back: when a backend was last reconciled by the crontab (the interval is
 * counted from it), and the gauges /metrics shows per backend: SKUs repaired and in drift by the last finished
 * reconciliation, and its age. Read from the database at each scrape, so every process shows the same figures.
 */
import type { Queryable } from '../../../core/sql.ts';
import type { FlowGauge } from '../../frame/flow.ts';
import { MERCHANT_STOCK_FLOW } from '../merchant-stock.payloads.ts';

/** When the crontab last started a reconciliation of the backend (null: never). */
export async function lastCronReconcile(db: Queryable, backendId: number): Promise<Date | null> {
  const { rows } = await db.query<{ at: Date | null }>(
    `select max(started_at) as at from sync_run where backend_id = $1 and flow = $2 and trigger = 'reconcile:cron'`,
    [backendId, MERCHANT_STOCK_FLOW],
  );
  return rows[0]?.at ?? null;
}

/** The last finished full reconciliation (crontab or task) of each backend. */
async function lastRuns(db: Queryable, backendIds: readonly number[]) {
  const { rows } = await db.query<{ backend_id: number; repaired: number; drift: number; age: number }>(
    `select distinct on (backend_id) backend_id, coalesce((counts->>'repaired')::int, 0) as repaired, coalesce((counts->>'drift')::int, 0) as drift,
            extract(epoch from now() - finished_at)::float8 as age
       from sync_run where backend_id = any($1::int[]) and flow = $2 and trigger in ('reconcile:cron', 'reconcile:task') and status = 'succeeded'
      order by backend_id, id desc`,
    [[...backendIds], MERCHANT_STOCK_FLOW],
  );
  return rows;
}

export const reconcileGauges: readonly FlowGauge[] = [
  {
    name: 'aec_merchant_stock_reconcile_repaired',
    help: "SKUs whose merchant quantity the last reconciliation found different on Amazon and marked to be sent again",
    async collect(db, backendIds) {
      return (await lastRuns(db, backendIds)).map((r) => ({ backendId: r.backend_id, value: r.repaired }));
    },
  },
  {
    name: 'aec_merchant_stock_reconcile_age_seconds',
    help: 'Seconds since the last finished reconciliation of the merchant quantities with Amazon',
    async collect(db, backendIds) {
      return (await lastRuns(db, backendIds)).map((r) => ({ backendId: r.backend_id, value: r.age }));
    },
  },
];
