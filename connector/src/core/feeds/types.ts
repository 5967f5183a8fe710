/**
 * The Feeds core's vocabulary (core: it knows neither Amazon's protocol nor any flow): a feed type as a flow declares
 * it, a message a flow queues, and the outcome of a message once Amazon's processing report was read.
 */

/** One feed type a flow sends (see FlowDefinition.feeds). */
export interface FlowFeedType {
  /** Amazon's feed type, e.g. `POST_ORDER_ACKNOWLEDGEMENT_DATA`. */
  feedType: string;
  /** Higher first when createFeed tokens are short: refunds 100, cancellations 80, invoices 40, stock 10. */
  priority: number;
  /**
   * True when sending it twice would move money or goods twice (a refund, a cancellation, an invoice): after an
   * outcome left unknown and not found by getFeeds, it is never resubmitted by itself (a conflict asks a person).
   */
  moneyMoving: boolean;
  /** The flow's local task enqueued with `{ backendId, feedId }` once the feed's processing report was read. */
  resultTask: string;
}

/** A message as a flow queues it. `key` is the flow's (an order id...): unique per backend and feed type. */
export interface FeedMessageInput {
  backendId: number;
  feedType: string;
  key: string;
  marketplaceIds: readonly string[];
  body: Record<string, unknown>;
  /** Bytes sent as (part of) the document, e.g. an invoice PDF. */
  attachment?: Buffer;
}

/** Where a message stands: queued -> sent (in a feed) -> accepted | rejected | unknown. */
export type FeedMessageState = 'queued' | 'sent' | 'accepted' | 'rejected' | 'unknown';

/** The outcome of one message of a feed, as its flow's result task reads it. */
export interface FeedMessageResult {
  key: string;
  body: Record<string, unknown>;
  outcome: 'accepted' | 'rejected' | 'unknown';
  code: string | null;
  message: string | null;
}

/**
 * Where a feed stands: `submitting` (createFeed may be in flight: attempt start written, no feed id yet),
 * `submitted` (Amazon's feed id known, being processed), `done` (report read), `fatal` / `cancelled` (Amazon's
 * verdict), `conflict` (outcome unknown and not adopted: a person decides), `abandoned` (looked up, none found,
 * its messages queued again), `refused` (createFeed answered 4xx: its messages rejected).
 */
export type FeedState = 'submitting' | 'submitted' | 'done' | 'fatal' | 'cancelled' | 'conflict' | 'abandoned' | 'refused';
