/**
 * The ERP change feed's news of return pickings (the flow's `stock.picking` subscription: incoming returns done or
 * cancelled): the warehouse validated a receipt, or a person cancelled it. Each picking bound to an Amazon return
 * not yet settled so gets its return's task again, which re-reads the picking under the order's lock and records
 * `received` (or `cancelled`): the record follows the ERP within a poll (or a webhook), not at the next report.
 * Idempotent: the same id twice (webhook, then poll) queues one job per return (its job key) and the task only
 * records what the ERP shows.
 */
import { withTransaction } from '../../core/tx.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { STOCK_PICKING } from './erp/return-picking.gateway.ts';
import { parseReturnKey, RETURNS_FLOW, type ReturnRef } from './returns.payloads.ts';
import { enqueueReceive } from './stage-returns.ts';

/** What the feed hands over: returns received or cancelled (other pickings, deliveries, purchases: not ours). */
export const RETURN_PICKING_DOMAIN = [['picking_type_id.code', '=', 'incoming'], ['return_id', '!=', false], ['state', 'in', ['done', 'cancel']]] as const;

/** Record states a picking's change no longer moves (a done picking cannot be undone; a cancelled one stays). */
const FINAL = new Set(['received', 'cancelled']);

export async function onPickingsChanged(env: Pick<TaskEnv, 'core' | 'db'>, backendId: number, pickingIds: readonly number[]): Promise<number> {
  const found: string[] = [];
  for (const id of new Set(pickingIds)) {
    // One picking may carry several SKUs of an RMA (and a SKU several pickings): each binding names its item.
    for (const b of await env.core.binder.toAmazonAll(backendId, 'return', STOCK_PICKING, id)) found.push((b.state as { item?: string } | null)?.item ?? b.amazonKey);
  }
  const keys = [...new Set(found)];
  if (!keys.length) return 0;
  const states = await env.core.states.get(backendId, RETURNS_FLOW, keys);
  const due = keys.filter((k) => !FINAL.has(states.get(k)?.state ?? '')).map(parseReturnKey).filter((r): r is ReturnRef => r !== null);
  await withTransaction(env.db.pool, async (tx) => {
    for (const r of due) await enqueueReceive(tx, backendId, r);
  });
  return due.length;
}
