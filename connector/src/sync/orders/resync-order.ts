/**
 * Re-sync of one order on request (API, CLI): fetched fresh with getOrder (its own quota bucket), stored, and
 * enqueued for import whether or not its content changed — the person asked for it — in one transaction.
 */
import { parseOrder } from '../../amazon/parse-order.ts';
import { PermanentError } from '../../core/errors.ts';
import { createAmazonOrderStore } from '../../db/amazon-order-store.ts';
import { enqueue } from '../../jobs/enqueue.ts';
import { Tasks, type ImportPayload } from '../../jobs/tasks.ts';
import type { TaskEnv } from '../task-env.ts';
import { forgetReference } from './order-context.ts';
import { fetchedOrder, INCLUDED_DATA } from './sweep-orders.task.ts';

/** Fetches one order again and enqueues its import (see above). */
export async function resyncOrder(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, amazonOrderId: string): Promise<void> {
  // A person asked for this, usually after fixing a mapping: this process reloads its reference data (tax and
  // marketplace tables) rather than wait out the cache; SKU rows are read fresh for every batch anyway.
  forgetReference(backendId);
  const rt = await env.runtimes.get(backendId);
  const { order: raw } = await rt.amazon.orders.getOrder(amazonOrderId, [...INCLUDED_DATA]);
  const parsed = parseOrder(raw);
  if (!parsed.ok) {
    throw new PermanentError('ORDER_MALFORMED', `Amazon's order ${amazonOrderId} does not match its model: ${parsed.error.problems.slice(0, 3).join('; ')}`);
  }
  const o = parsed.order;
  const tx = await env.db.pool.connect();
  try {
    await tx.query('begin');
    await createAmazonOrderStore(tx, env.core.keyring).upsertMany(backendId, [fetchedOrder(o)]);
    await tx.query(`update amazon_order set sync_state = 'queued', sync_code = null where backend_id = $1 and amazon_order_id = $2`, [backendId, o.orderId]);
    await enqueue(tx, Tasks.importOrders, { backendId, amazonOrderIds: [o.orderId] } satisfies ImportPayload);
    await tx.query('commit');
  } catch (e) {
    await tx.query('rollback').catch(() => {});
    throw e;
  } finally {
    tx.release();
  }
}
