/**
 * The Feeds core as flows use it (flows import only this): declare `feeds: [{ feedType, priority, moneyMoving,
 * resultTask }]` in `defineFlow`, call `enqueueFeedMessage(tx, {...})` in the transaction of the state it follows
 * from (the body is checked against its type's schema there), and in the result task (payload `FeedResultPayload`:
 * `{ backendId, feedId }`) read `feedResults(db, feedId)`. `feedsFlow` is for sync/flows.ts.
 */
export { feedResults, type FeedMessageInput, type FeedMessageResult, type FlowFeedType } from '../../../core/feeds/index.ts';
export { enqueueFeedMessage, enqueueFeedMessages } from './enqueue-feed-message.ts';
export { FeedResultPayload } from './feed-result-payload.ts';
export { CANCEL_REASONS, type OrderAcknowledgementBody, type VatInvoiceBody, type ListingsMessageBody } from '../../../amazon/feeds/index.ts';
export { feedsFlow } from './feeds.flow.ts';
