/**
 * The order flow's numbers per backend: stored Amazon orders by sync state (imported, waiting, queued, conflict,
 * failed, not_imported, ignored). The API's backend view, the CLI `status` and the metrics show them per flow.
 */
import type { Queryable } from '../../core/sql.ts';
import { orderStateCounts } from './order-sync-state.ts';

/** Orders by sync state for each of `backendIds` (a backend without orders is absent). */
export async function orderCounts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> {
  // The flow's record states: one pass over record_state's (backend, flow, state) index, index-only.
  return orderStateCounts(db, backendIds);
}

/** The flow's `status` (see sync/frame/flow.ts). */
export const ordersStatus = { counts: orderCounts };
