/**
 * One order's review request, under its lock: Amazon's actions asked first (getSolicitationActionsForOrder); only
 * when `productReviewAndSellerFeedback` is offered, the row is written `sending` and committed, then the request
 * goes out. A row already `sending` is an earlier attempt whose outcome is unknown (a crash, a lost answer): the
 * actions are asked again, and an action no longer offered means Amazon took that attempt, so it counts as sent.
 * Amazon refuses a second request for the order anyway; the row keeps the connector from even trying.
 */
import { isSyncError } from '../../core/errors.ts';
import type { LockSession } from '../../core/lock.ts';
import type { Queryable } from '../../core/sql.ts';
import type { AmazonAdapter } from '../../amazon/amazon-adapter.ts';
import { REVIEW_ACTION } from '../../amazon/care-api.ts';
import type { DeliveryWindow } from './delivery-window.ts';
import { readRow, writeRow, FINAL_STATES, type RowWrite } from './request-rows.ts';
import { reviewLockKey } from './review-requests.payloads.ts';

export type ReviewOutcome = 'sent' | 'settled' | 'waiting' | 'expired' | 'refused' | 'skipped' | 'busy' | 'done' | 'unknown' | 'dry_run';

export interface ReviewOrder {
  orderId: string;
  marketplaceId: string;
  window: DeliveryWindow;
  /** Refunded or returned (the refunds and returns flows know it). */
  refundedOrReturned: boolean;
}

export interface ReviewContext {
  db: Queryable;
  amazon: Pick<AmazonAdapter, 'care'>;
  session: LockSession;
  backendId: number;
  dryRun: boolean;
  now: Date;
  signal?: AbortSignal;
}

/** Asks, then sends (or settles) the review request of one order; never twice for an order. */
export async function sendReview(ctx: ReviewContext, o: ReviewOrder): Promise<ReviewOutcome> {
  const key = reviewLockKey(ctx.backendId, o.orderId);
  const { obtained } = await ctx.session.tryLock([key]);
  if (!obtained.length) return 'busy';
  try {
    // Read after the lock: a worker that held it may have just finished this order.
    const row = await readRow(ctx.db, ctx.backendId, o.orderId);
    if (row && FINAL_STATES.includes(row.state)) return 'done';
    const base = { orderId: o.orderId, marketplaceId: o.marketplaceId, deliveredAt: o.window.deliveredAt, windowEndsAt: o.window.windowEndsAt };
    const write = (w: Omit<RowWrite, keyof typeof base>) => writeRow(ctx.db, ctx.backendId, { ...base, ...w });
    const unknownBefore = row?.state === 'sending';
    if (o.refundedOrReturned && !unknownBefore) {
      await write({ state: 'skipped', code: 'REVIEW_REFUNDED_OR_RETURNED' });
      return 'skipped';
    }
    const options = ctx.signal ? { signal: ctx.signal } : {};
    const offered = (await ctx.amazon.care.solicitationActions(o.orderId, o.marketplaceId, options)).includes(REVIEW_ACTION);
    if (unknownBefore && !offered) {
      // The earlier attempt reached Amazon: the action is gone.
      await write({ state: 'sent', code: 'SETTLED_BY_READBACK', checked: true, sent: true });
      return 'settled';
    }
    if (!offered) {
      const closed = ctx.now >= o.window.windowEndsAt;
      await write({ state: closed ? 'expired' : 'waiting', code: closed ? 'REVIEW_WINDOW_PASSED' : null, checked: true });
      return closed ? 'expired' : 'waiting';
    }
    if (ctx.dryRun) {
      await write({ state: 'waiting', code: 'DRY_RUN', checked: true });
      return 'dry_run';
    }
    await write({ state: 'sending', checked: true });
    await ctx.session.ensureHeld();
    return await send(ctx, o, write, options);
  } finally {
    await ctx.session.unlock([key]);
  }
}

async function send(ctx: ReviewContext, o: ReviewOrder, write: (w: Omit<RowWrite, 'orderId' | 'marketplaceId' | 'deliveredAt' | 'windowEndsAt'>) => Promise<void>,
  options: { signal?: AbortSignal }): Promise<ReviewOutcome> {
  try {
    const outcome = await ctx.amazon.care.requestReview(o.orderId, o.marketplaceId, options);
    if (outcome.sent) {
      await write({ state: 'sent', sent: true });
      return 'sent';
    }
    await write({ state: 'refused', code: 'REVIEW_REFUSED' });
    return 'refused';
  } catch (e) {
    // Certainly not sent (throttled before Amazon did anything): back to waiting. Otherwise the row stays
    // `sending` and the next run asks the actions again before anything is sent.
    if (isSyncError(e) && e.details.untouched === true) {
      await write({ state: 'waiting' });
      return 'waiting';
    }
    if (isSyncError(e) && e.kind === 'permanent' && e.code !== 'AMAZON_AUTH_FAILED') {
      await write({ state: 'refused', code: e.code });
      return 'refused';
    }
    if (isSyncError(e) && e.code === 'AMAZON_AUTH_FAILED') throw e;
    return 'unknown';
  }
}
