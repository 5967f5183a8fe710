/**
 * The review-requests flow (sync/review-requests/): one row per Amazon order it considered, written before
 * createProductReviewAndSellerFeedbackSolicitation is sent (state `sending`), so a crash or a lost answer is
 * known to the next run, which asks Amazon's actions again before sending. Mirrors Migration20261213030000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const ReviewRequest = defineEntity({
  name: 'ReviewRequest',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    amazonOrderId: p.text().primary(),
    marketplaceId: p.text(),
    state: p.enum(['waiting', 'sending', 'sent', 'skipped', 'expired', 'refused']),
    /** Why it was skipped or refused (REVIEW_REFUNDED_OR_RETURNED, REVIEW_REFUSED...), or how it was settled. */
    code: p.text().nullable(),
    /** The delivery dates the window is derived from (Amazon's EarliestDeliveryDate / LatestDeliveryDate). */
    deliveredAt: p.datetime().columnType('timestamptz'),
    windowEndsAt: p.datetime().columnType('timestamptz'),
    /** Times getSolicitationActionsForOrder was asked, and the last time. */
    checks: p.integer().defaultRaw('0'),
    checkedAt: p.datetime().columnType('timestamptz').nullable(),
    sentAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
