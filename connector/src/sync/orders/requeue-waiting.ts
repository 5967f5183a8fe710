/**
 * When a backend is enabled again: the orders stored while it was disabled sit in `queued` with no job (their
 * jobs did nothing). One statement hands them to new import jobs of `batchSize`, in the enabling transaction.
 */
import type { Queryable } from '../../core/sql.ts';
import { Tasks } from './orders.payloads.ts';

/** Enqueues import jobs for every `queued` order of `backendId`; returns how many jobs. */
export async function requeueQueuedOrders(tx: Queryable, backendId: number, batchSize: number): Promise<number> {
  const { rows } = await tx.query(
    `select graphile_worker.add_job($3, json_build_object('backendId', $1::int, 'amazonOrderIds', ids), max_attempts => 25) as job
       from (select array_agg(amazon_order_id order by id) as ids
               from (select id, amazon_order_id, (row_number() over (order by id) - 1) / $2::int as chunk
                       from amazon_order where backend_id = $1 and sync_state = 'queued') q
              group by chunk) batches`,
    [backendId, batchSize, Tasks.importOrders],
  );
  return rows.length;
}
