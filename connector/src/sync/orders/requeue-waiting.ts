/**
 * When a backend is enabled again: the orders stored while it was disabled sit in `queued` with no job (their
 * jobs did nothing). They are handed to new import jobs of `batchSize`, in the enabling transaction.
 */
import { createRecordStateStore } from '../../core/record-state/index.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import { ORDERS_FLOW } from './order-sync-state.ts';
import { Tasks, type ImportPayload } from './orders.payloads.ts';

/** Enqueues import jobs for every `queued` order of `backendId`; returns how many jobs. */
export async function requeueQueuedOrders(tx: Queryable, backendId: number, batchSize: number): Promise<number> {
  const ids = await createRecordStateStore(tx).list(backendId, ORDERS_FLOW, 'queued');
  let jobs = 0;
  // One statement per job, scalar parameters only: `tx` is the ORM's transaction (backend-tx.ts's adapter), whose
  // driver expands array parameters into lists.
  for (let i = 0; i < ids.length; i += batchSize, jobs++) {
    await enqueue(tx, Tasks.importOrders, { backendId, amazonOrderIds: ids.slice(i, i + batchSize) } satisfies ImportPayload, { maxAttempts: 25 });
  }
  return jobs;
}
