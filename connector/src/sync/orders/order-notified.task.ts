/**
 * ORDER_CHANGE: Amazon said an order changed, so it is fetched now with getOrder (its own bucket, 0.5/s burst 30)
 * and goes through the same store-and-import path as the sweep's orders. The notification's time of change is
 * compared first with Amazon's last-update time of the order already stored (fetched_document.source_updated_at):
 * not newer means a repeated or out-of-order message, which costs no quota. A lost message is the sweep's to catch.
 */
import { parseOrder } from '../../amazon/parse-order.ts';
import { createDocumentStore } from '../../core/documents/index.ts';
import { PermanentError } from '../../core/errors.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { withTransaction } from '../../core/tx.ts';
import { defineTask } from '../frame/flow.ts';
import type { FlowJob } from '../frame/flow.ts';
import { NotificationPayload, notificationOf } from '../frame/notifications/index.ts';
import { INCLUDED_DATA } from './fetched-order.ts';
import { orderDocuments } from './order-documents.ts';
import { queueOrders, touchOrders } from './order-sync-state.ts';
import { noteSkusSeen } from './skus/seen-skus.ts';
import { Tasks, type ImportPayload } from './orders.payloads.ts';

export const ORDER_CHANGED_TASK = 'order-changed';

/** What the task did (for its log line and the tests' reading of it). */
export type OrderChangeOutcome = 'not-order-change' | 'gone' | 'already-known' | 'unchanged' | 'queued';

export const orderChangedTask = defineTask({
  name: ORDER_CHANGED_TASK,
  payload: NotificationPayload,
  async run(job, p) {
    const outcome = await onOrderChange(job, p.backendId, p.notificationId);
    job.env.log.debug('order change notified', { backendId: p.backendId, outcome });
  },
});

/** Fetches and queues the notified order unless what is stored is as new; see above. */
export async function onOrderChange(job: Pick<FlowJob, 'env' | 'signal' | 'correlationId'>, backendId: number, notificationId: string): Promise<OrderChangeOutcome> {
  const { env } = job;
  const n = await notificationOf(env.db.pool, notificationId);
  if (!n) return 'gone';
  if (n.type !== 'ORDER_CHANGE' || !n.subject) return 'not-order-change';
  const amazonOrderId = n.subject;
  const { rows } = await env.db.pool.query(`select source_updated_at from fetched_document where backend_id = $1 and kind = 'order' and key = $2`, [backendId, amazonOrderId]);
  const known = (rows[0] as { source_updated_at: Date } | undefined)?.source_updated_at;
  if (known && n.eventTime.getTime() <= known.getTime()) return 'already-known';
  const rt = await env.runtimes.get(backendId);
  const { order: raw } = await rt.amazon.orders.getOrder(amazonOrderId, [...INCLUDED_DATA], job.signal ? { signal: job.signal } : {});
  const parsed = parseOrder(raw);
  if (!parsed.ok) throw new PermanentError('ORDER_MALFORMED', `Amazon's order ${amazonOrderId} does not match its model: ${parsed.error.problems.slice(0, 3).join('; ')}`);
  const order = parsed.order;
  return withTransaction(env.db.pool, async (tx) => {
    // Stored only when newer than what is there (the store compares lastUpdatedTime): a slower copy loses.
    const changed = await orderDocuments(createDocumentStore(tx, env.core.keyring)).upsertMany(backendId, [order]);
    await touchOrders(tx, backendId, [order]);
    if (changed.length === 0) return 'unchanged';
    await noteSkusSeen(tx, backendId, [order]);
    await queueOrders(tx, backendId, [order]);
    await enqueue(tx, Tasks.importOrders, { backendId, amazonOrderIds: changed, correlationId: job.correlationId } satisfies ImportPayload, { maxAttempts: 25 });
    await env.ordersStored(backendId, changed, tx);
    return 'queued';
  });
}
