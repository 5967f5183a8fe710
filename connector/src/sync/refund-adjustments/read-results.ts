/**
 * The result task's body: a feed's processing report was read (the Feeds core enqueues it with `{ backendId,
 * feedId }`); each of this flow's messages moves its `refund_adjustment` record on, in one transaction with its
 * conflict: accepted -> recorded (an earlier refusal closed); rejected -> REFUND_ADJUSTMENT_REFUSED with Amazon's
 * ResultMessageCode and description (retryable once fixed); unknown -> REFUND_ADJUSTMENT_UNKNOWN (it moves the
 * buyer's money: the core never resubmits it, a person looks in Seller Central). A record already matched to
 * Amazon's refund keeps that state. Running it twice writes the same states again.
 */
import { withTransaction } from '../../core/tx.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { feedResults } from '../frame/feeds/index.ts';
import { adjustmentsByKey, saveAdjustment } from './adjustment-records.ts';
import { REFUND_ADJUSTMENT_KIND, REFUND_ADJUSTMENTS_FLOW } from './refund-adjustments.payloads.ts';

/** Applies a feed's results; returns how many of this flow's messages it settled, by outcome. */
export async function applyAdjustmentResults(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, feedId: number): Promise<Record<string, number>> {
  const results = await feedResults(env.db.pool, feedId);
  const records = await adjustmentsByKey(env.db.pool, backendId, results.map((r) => r.key));
  const counts: Record<string, number> = {};
  for (const r of results) {
    const rec = records.get(r.key);
    if (!rec || rec.state.status === 'matched') continue;
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    await withTransaction(env.db.pool, async (tx) => {
      const at = new Date().toISOString();
      await saveAdjustment(tx, backendId, { ...rec, state: { ...rec.state, status: r.outcome, feedId, code: r.code, message: r.message, at } });
      const ref = { backendId, kind: REFUND_ADJUSTMENT_KIND, amazonKey: rec.adjustmentId };
      const snapshots = { amazonSnapshot: { resultMessageCode: r.code, resultDescription: r.message }, erpSnapshot: { moveId: rec.moveId, amazonOrderId: rec.state.amazonOrderId, totalMinor: rec.state.totalMinor, currency: rec.state.currency } };
      if (r.outcome === 'accepted') {
        await env.core.conflicts.resolveOpenFor(backendId, REFUND_ADJUSTMENT_KIND, rec.adjustmentId, { action: 'synced', by: REFUND_ADJUSTMENTS_FLOW, note: `payment adjustment ${rec.adjustmentId} accepted` }, tx);
      } else if (r.outcome === 'rejected') {
        await env.core.conflicts.raise({ ...ref, ...snapshots, code: 'REFUND_ADJUSTMENT_REFUSED',
          message: `Amazon refused the payment adjustment of credit note ${rec.moveId}${r.code ? ` (${r.code})` : ''}: ${r.message ?? 'no description'}`, diff: { adjustmentId: rec.adjustmentId, items: rec.state.items } }, tx);
      } else {
        await env.core.conflicts.raise({ ...ref, ...snapshots, code: 'REFUND_ADJUSTMENT_UNKNOWN',
          message: `Amazon did not report what became of payment adjustment ${rec.adjustmentId} (order ${rec.state.amazonOrderId}): check its refunds in Seller Central`, diff: { adjustmentId: rec.adjustmentId } }, tx);
      }
    });
    await env.core.states.set(backendId, REFUND_ADJUSTMENTS_FLOW, [{ key: rec.adjustmentId, state: r.outcome === 'accepted' ? 'accepted' : 'conflict',
      code: r.outcome === 'accepted' ? null : r.outcome === 'rejected' ? 'REFUND_ADJUSTMENT_REFUSED' : 'REFUND_ADJUSTMENT_UNKNOWN', detail: { moveId: rec.moveId, feedId } }]);
  }
  return counts;
}
