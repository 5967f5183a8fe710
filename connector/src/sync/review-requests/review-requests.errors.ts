/** The codes only the review-requests flow writes on its rows (never conflicts: a review request is optional). */
import { defineErrorCodes } from '../../core/errors.ts';

export const reviewRequestErrorCodes = defineErrorCodes({
  REVIEW_REFUNDED_OR_RETURNED: { status: 409, description: 'the order was refunded or returned (the refunds or returns flows know it): no review request is sent' },
  REVIEW_REFUSED: { status: 409, description: 'Amazon refused the review request for this order (its message kept): sent already from Seller Central, or no longer allowed' },
  REVIEW_WINDOW_PASSED: { status: 409, description: "Amazon's window (30 days after the latest delivery date) closed before Amazon offered the review request" },
});

export type ReviewRequestErrorCode = keyof typeof reviewRequestErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ReviewRequestErrorCode, true> {}
}

export const reviewRequestErrorList = Object.entries(reviewRequestErrorCodes).map(([code, e]) => ({ code, ...e }));
