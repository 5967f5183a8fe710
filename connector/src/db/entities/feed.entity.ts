/**
 * The Feeds core (core/feeds/): `feed` is one feed a backend submitted (or is submitting) to Amazon, with its submit
 * attempt's times (an outcome left unknown by a crash is looked up with getFeeds inside them before anything is sent
 * again) and Amazon's processing status; `feed_message` is one message a flow queued, unique per backend, feed type
 * and the flow's key (enqueuing it twice creates nothing), with its body, optional attachment and outcome.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const Feed = defineEntity({
  name: 'Feed',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    feedType: p.text(),
    marketplaceIds: p.array().columnType('text[]'),
    /** submitting | submitted | done | fatal | cancelled | unknown | conflict */
    state: p.text().defaultRaw(`'submitting'`),
    amazonFeedId: p.text().nullable(),
    /** The input feed document's id (createFeedDocument). */
    documentId: p.text().nullable(),
    /** Written before createFeed, and its end after: the window getFeeds searches when the answer was lost. */
    attemptStartedAt: p.datetime().columnType('timestamptz').nullable(),
    attemptEndedAt: p.datetime().columnType('timestamptz').nullable(),
    /** Amazon's processingStatus (IN_QUEUE, IN_PROGRESS, DONE, FATAL, CANCELLED). */
    processingStatus: p.text().nullable(),
    /** The processing report's counts (processed, accepted, errors, warnings). */
    summary: p.json<unknown>().columnType('jsonb').nullable(),
    code: p.text().nullable(),
    message: p.text().nullable(),
    polls: p.integer().defaultRaw('0'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'feed_amazon_feed_id_unique', properties: ['backend', 'amazonFeedId'] }],
  indexes: [
    { name: 'feed_state_index', properties: ['backend', 'state'] },
    // The API's list of a backend's recent feeds.
    { name: 'feed_recent_index', expression: 'create index "feed_recent_index" on "feed" ("backend_id", "id" desc)' },
  ],
});

export const FeedMessage = defineEntity({
  name: 'FeedMessage',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    feedType: p.text(),
    /** The flow's key of the message (an order id, an invoice number...). */
    key: p.text(),
    marketplaceIds: p.array().columnType('text[]'),
    body: p.json<unknown>().columnType('jsonb'),
    /** Bytes sent as the document itself (an invoice PDF). */
    attachment: p.blob().nullable(),
    /** queued | sent | accepted | rejected | unknown */
    state: p.text().defaultRaw(`'queued'`),
    feed: p.manyToOne(Feed).mapToPk().nullable().deleteRule('set null'),
    /** Its MessageID in the feed it went in (what the processing report names). */
    messageRef: p.integer().nullable(),
    resultCode: p.text().nullable(),
    resultMessage: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'feed_message_key_unique', properties: ['backend', 'feedType', 'key'] }],
  indexes: [
    // The poll and the result task read a feed's messages.
    { name: 'feed_message_feed_index', properties: ['feed'] },
    {
      // The scheduler reads a backend's queued messages per type, oldest first: a partial index keeps it small.
      name: 'feed_message_queued_index',
      expression: `create index "feed_message_queued_index" on "feed_message" ("backend_id", "feed_type", "id") where state = 'queued'`,
    },
  ],
});
