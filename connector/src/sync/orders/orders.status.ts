/**
 * The order flow's numbers per backend: stored Amazon orders by sync state (imported, waiting, queued, conflict,
 * failed, not_imported, ignored). The API's backend view, the CLI `status` and the metrics show them per flow.
 */
import type { Queryable } from '../../core/sql.ts';

/** Orders by sync state for each of `backendIds` (a backend without orders is absent). */
export async function orderCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  // One pass over the (backend_id, sync_state) index: an index-only scan.
  const { rows } = await db.query<{ backend_id: number; state: string; n: number }>(
    `select backend_id::int, sync_state as state, count(*)::int as n from amazon_order
      where backend_id = any($1::int[]) group by backend_id, sync_state`,
    [[...backendIds]],
  );
  const out = new Map<number, Record<string, number>>();
  for (const r of rows) out.set(r.backend_id, { ...out.get(r.backend_id), [r.state]: r.n });
  return out;
}

/** The flow's `status` (see sync/frame/flow.ts). */
export const ordersStatus = { counts: orderCounts };
