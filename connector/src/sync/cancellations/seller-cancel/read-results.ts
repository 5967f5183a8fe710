/**
 * The result task's body: a feed's processing report was read (the Feeds core enqueues it with `{ backendId,
 * feedId }`); each of this part's messages moves its `seller_cancel` record on, in one transaction with its
 * conflict: accepted -> recorded (a refusal of the order before is closed); rejected -> SELLER_CANCEL_REFUSED with
 * Amazon's ResultMessageCode and description (retryable), or SELLER_CANCEL_TOO_LATE when Amazon says the order
 * shipped (not retryable); unknown -> SELLER_CANCEL_UNKNOWN (a cancellation moves goods and money: the core never
 * resubmits it by itself, a person checks Seller Central). Running it twice writes the same states again.
 */
import { withTransaction } from '../../../core/tx.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { feedResults, type FeedMessageResult } from '../../frame/feeds/index.ts';
import { saleCancelGateway } from './erp/sale-cancel.gateway.ts';
import { cancellationsByKey, saveCancellation, SELLER_CANCEL_CONFLICT, type SellerCancelRecord } from './seller-cancel.records.ts';

/**
 * Amazon's answer that the units already left: its description says so ("has already shipped"). Amazon documents
 * the report's shape, not its result codes for this feed, so the code alone decides nothing. Retrying cannot help.
 */
export const meansShipped = (r: Pick<FeedMessageResult, 'message'>): boolean => /\bshipped\b/i.test(r.message ?? '');

/** Applies a feed's results; returns how many of this part's messages it settled, by outcome. */
export async function applyFeedResults(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes' | 'log'>, backendId: number, feedId: number): Promise<Record<string, number>> {
  const results = await feedResults(env.db.pool, feedId);
  const records = await cancellationsByKey(env.db.pool, backendId, results.map((r) => r.key));
  const counts: Record<string, number> = {};
  const accepted: SellerCancelRecord[] = [];
  for (const r of results) {
    const rec = records.get(r.key);
    if (!rec) continue;
    counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
    await withTransaction(env.db.pool, async (tx) => {
      const at = new Date().toISOString();
      await saveCancellation(tx, backendId, { ...rec, state: { ...rec.state, status: r.outcome, feedId, code: r.code, message: r.message, at } });
      const ref = { backendId, kind: SELLER_CANCEL_CONFLICT, amazonKey: rec.state.amazonOrderId };
      const snapshots = { amazonSnapshot: { resultMessageCode: r.code, resultDescription: r.message }, erpSnapshot: { saleOrderId: rec.saleOrderId, items: rec.state.items, reason: rec.state.reason } };
      if (r.outcome === 'accepted') {
        await env.core.conflicts.resolveOpenFor(backendId, SELLER_CANCEL_CONFLICT, rec.state.amazonOrderId, { action: 'synced', by: 'connector', note: `seller cancellation ${r.key} accepted` }, tx);
        accepted.push(rec);
      } else if (r.outcome === 'rejected') {
        const tooLate = meansShipped(r);
        await env.core.conflicts.raise({
          ...ref, ...snapshots, code: tooLate ? 'SELLER_CANCEL_TOO_LATE' : 'SELLER_CANCEL_REFUSED',
          message: `Amazon refused the seller cancellation${r.code ? ` (${r.code})` : ''}: ${r.message ?? 'no description'}`,
          diff: { key: r.key, items: rec.state.items },
        }, tx);
      } else {
        await env.core.conflicts.raise({ ...ref, ...snapshots, code: 'SELLER_CANCEL_UNKNOWN', message: `Amazon did not report what became of seller cancellation ${r.key}: check the order in Seller Central`, diff: { key: r.key } }, tx);
      }
    });
  }
  if (accepted.length) await stampAgreedOrders(env, backendId, accepted);
  return counts;
}

/**
 * The ERP edit that a cancellation Amazon accepted came from is now Amazon's state too: the order binding takes
 * the ERP order's current write_date, so when the next fetch brings the order with those units cancelled, the
 * orders flow applies it as its own change (the same quantities) instead of reporting the ERP edit as a conflict.
 */
async function stampAgreedOrders(env: Pick<TaskEnv, 'core' | 'runtimes'>, backendId: number, accepted: readonly SellerCancelRecord[]): Promise<void> {
  const rt = await env.runtimes.get(backendId);
  const dates = await saleCancelGateway(rt.erp).writeDates([...new Set(accepted.map((a) => a.saleOrderId))]);
  for (const a of accepted) {
    const writeDate = dates.get(a.saleOrderId);
    if (!writeDate) continue;
    await env.core.binder.bind(backendId, { kind: 'order', amazonKey: a.state.amazonOrderId, erpModel: 'sale.order', erpId: a.saleOrderId, erpWriteDate: writeDate });
  }
}
