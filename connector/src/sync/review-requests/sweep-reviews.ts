/**
 * One backend's review-request sweep (daily by default): the delivered orders in their window (candidates.ts), the
 * opted-out ones left alone (marketplace, SKU: no row, so a change of mind later still reaches them), the refunded
 * or returned ones marked skipped (asked of the refunds, returns and fba-returns flows), the others asked about and
 * sent one by one (send-review.ts). An order another worker holds is left to it. Orders with an unknown outcome
 * make the sweep run again in a minute, so the read-back does not wait a day.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { FlowJob } from '../frame/flow.ts';
import { fbaReturnedOrderIds } from '../fba-returns/index.ts';
import { refundedOrderIds } from '../refunds/index.ts';
import { returnedOrderIds } from '../returns/index.ts';
import { reviewCandidates } from './candidates.ts';
import { deliveryWindow, dueAt, orderSkus } from './delivery-window.ts';
import { REVIEW_REQUESTS_FLOW, Tasks } from './review-requests.payloads.ts';
import { reviewRequestsSettings } from './review-requests.settings.ts';
import { sendReview, type ReviewOutcome } from './send-review.ts';

export type SweepTally = Partial<Record<ReviewOutcome | 'optedOut' | 'notDue' | 'error', number>>;

/** Whether the backend's last sweep (its cursor) is `hours` old or more. */
export async function sweepDue(env: Pick<FlowJob['env'], 'core'>, backendId: number, hours: number, now = Date.now()): Promise<boolean> {
  const cursor = await env.core.cursors.get(backendId, REVIEW_REQUESTS_FLOW);
  return !cursor || now - cursor.lastUpdatedAfter.getTime() >= hours * 3_600_000 - 60_000;
}

export async function sweepReviews(job: Pick<FlowJob, 'env' | 'goLive' | 'signal'>, backendId: number, now = new Date()): Promise<SweepTally> {
  const { env } = job;
  const rt = await env.runtimes.get(backendId);
  const s = reviewRequestsSettings.of(rt.backend.settings);
  const tally: SweepTally = {};
  const count = (k: keyof SweepTally) => (tally[k] = (tally[k] ?? 0) + 1);
  await env.core.cursors.advance(backendId, REVIEW_REQUESTS_FLOW, now);
  const optOutMp = new Set(s.optOutMarketplaces);
  const optOutSku = new Set(s.optOutSkus);
  const cutover = job.goLive?.cutoverAt ?? null;
  const due = (await reviewCandidates(env.db.pool, backendId, { delayDays: s.delayDays, limit: s.maxPerSweep })).flatMap((c) => {
    const window = deliveryWindow(c.order);
    if (!window || (cutover && window.deliveredAt < cutover)) return [];
    // A `sending` row is settled whatever the settings say now: Amazon may have the request already.
    if (c.rowState !== 'sending') {
      if (optOutMp.has(c.marketplaceId) || orderSkus(c.order).some((sku) => optOutSku.has(sku))) return (count('optedOut'), []);
      if (dueAt(window, s.delayDays) > now) return (count('notDue'), []);
    }
    return [{ ...c, window }];
  });
  const ids = due.map((c) => c.orderId);
  const [refunded, returned, fbaReturned] = await Promise.all([
    refundedOrderIds(env.db.pool, backendId, ids), returnedOrderIds(env.db.pool, backendId, ids), fbaReturnedOrderIds(env.db.pool, backendId, ids),
  ]);
  const session = await env.core.locker.session();
  try {
    for (const c of due) {
      if (job.signal?.aborted) break;
      try {
        count(await sendReview(
          { db: env.db.pool, amazon: rt.amazon, session, backendId, dryRun: job.goLive?.dryRun ?? false, now, ...(job.signal ? { signal: job.signal } : {}) },
          { orderId: c.orderId, marketplaceId: c.marketplaceId, window: c.window, refundedOrReturned: refunded.has(c.orderId) || returned.has(c.orderId) || fbaReturned.has(c.orderId) },
        ));
      } catch (e) {
        if ((e as { code?: string }).code === 'AMAZON_AUTH_FAILED') throw e;
        // One order's failure (a read that kept failing) does not stop the others; it is asked again next sweep.
        count('error');
        env.log.warn('review request failed', { backendId, orderId: c.orderId, code: (e as { code?: string }).code ?? 'UNEXPECTED' });
      }
    }
  } finally {
    await session.close();
  }
  if (tally.unknown || tally.busy) {
    await enqueue(env.db.pool, Tasks.sweep, { backendId }, { jobKey: `${Tasks.sweep}:${backendId}`, runAt: new Date(Date.now() + 60_000) });
  }
  return tally;
}
