/**
 * The connector closes what it can see is over: a `ship_late` activity once the order has shipped (the stored
 * Amazon order's status SHIPPED, through the shipments flow's read side) is marked done in the ERP with a feedback
 * (`action_feedback`, as "Mark Done" does), and its row `done`; a row still pending (no activity made yet) is
 * closed without one. The other reasons are a person's to close (a cancel request answered, a return handled, a
 * claim or chargeback disputed: the connector cannot tell the outcome is settled), read back as done from the ERP.
 * Exactly once: the activity's state is read first (done or gone: nothing is sent), the row written after.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import { shippedAmong } from '../shipments/index.ts';
import { rowsInState, updateCare } from './care-store.ts';
import { activityGateway } from './erp/activity.gateway.ts';

const BATCH = 500;

export async function closeShipped(env: Pick<TaskEnv, 'runtimes' | 'db'>, backendId: number, now: Date = new Date()): Promise<{ closed: number }> {
  const rows = [...await rowsInState(env.db.pool, backendId, 'open', BATCH), ...await rowsInState(env.db.pool, backendId, 'pending', BATCH)].filter((r) => r.reason === 'ship_late');
  const shipped = await shippedAmong(env.db.pool, backendId, rows.map((r) => r.amazonOrderId));
  if (!shipped.size) return { closed: 0 };
  const gw = activityGateway((await env.runtimes.get(backendId)).erp);
  let closed = 0;
  for (const r of rows) {
    if (!shipped.has(r.amazonOrderId)) continue;
    if (r.erpActivityId !== null) await gw.markDone(r.erpActivityId, `Amazon order ${r.amazonOrderId} has shipped (closed by the connector).`);
    await updateCare(env.db.pool, backendId, r.amazonOrderId, r.reason, { state: 'done', doneAt: now });
    closed++;
  }
  return { closed };
}
