/** The Feeds core's codes: a message refused when queued, a report unread, an outcome unknown, Amazon's verdicts. */
import { defineErrorCodes } from '../../../core/errors.ts';

export const feedsErrorCodes = defineErrorCodes({
  FEED_TYPE_UNKNOWN: { status: 422, description: 'a message was queued for a feed type the connector cannot encode: nothing was queued' },
  FEED_MESSAGE_INVALID: { status: 422, description: "a feed message's body does not match its feed type's schema (or lacks its attachment): nothing was queued" },
  FEED_OUTCOME_UNKNOWN: {
    status: 409,
    description:
      'createFeed was sent but its answer was lost (timeout, crash) and getFeeds found no single matching feed; a money-moving feed is never resubmitted by itself: retry resubmits it once a person checked Seller Central',
  },
  FEED_FATAL: { status: 503, description: 'Amazon aborted the feed (processingStatus FATAL): its messages are rejected with this code, unless its processing report says otherwise' },
  FEED_CANCELLED: { status: 409, description: 'the feed was cancelled before Amazon processed it: its messages were queued again' },
  FEED_REPORT_UNREADABLE: { status: 503, description: "Amazon's processing report could not be read: the outcome of the feed's messages is unknown" },
});

export type FeedsErrorCode = keyof typeof feedsErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<FeedsErrorCode, true> {}
}

export const feedsErrorList = Object.entries(feedsErrorCodes).map(([code, e]) => ({ code, ...e }));
