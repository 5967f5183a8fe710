/**
 * The Feeds core as flows use it (flows import only this): declare `feeds: [{ feedType, priority, moneyMoving,
 * resultTask }]` in `defineFlow`, call `enqueueFeedMessage(tx, {...})` in the transaction of the state it follows
 * from, and in the result task (payload `FeedResultPayload`: `{ backendId, feedId }`) read `feedResults(db, feedId)`.
 */
export { enqueueFeedMessage, feedResults, type FeedMessageInput, type FeedMessageResult, type FlowFeedType } from '../../../core/feeds/index.ts';
export { FeedResultPayload } from './feed-result-payload.ts';
