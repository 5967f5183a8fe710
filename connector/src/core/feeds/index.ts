/**
 * The Feeds core (core: it names no flow and speaks no Amazon protocol): the `feed_message` queue flows write to,
 * the `feed` rows of what was submitted, and the queries the scheduler, the poll and the API use. The frame
 * (sync/frame/feeds/) runs the tasks with the Amazon adapter's encoders and parsers. See README.md.
 */
export * from './types.ts';
export { enqueueFeedMessage, enqueueFeedMessages, feedResults } from './feed-message-store.ts';
export * from './feed-store.ts';
export * from './feed-listing.ts';
