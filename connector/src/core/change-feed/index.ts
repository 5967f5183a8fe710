/**
 * The ERP change feed (core; it names no flow): per backend and ERP model a durable `write_date` cursor polled with
 * `>=`, the per-backend webhook secret of the fast path, and echo suppression of the connector's own writes. The
 * frame (sync/frame/change-feed/) hands it the flows' subscriptions, runs the poll job and the webhook route.
 */
export { noteOwnWrites, type OwnWrite } from './own-writes.ts';
export { pollChanges, type ModelPollResult } from './poll.ts';
export { cursorsOf, type ChangeCursor } from './change-cursor.ts';
export { createWebhookSecrets, sameSecret, type Exclusive, type WebhookSecrets } from './webhook-secret.ts';
export { toOdooDatetime, parseOdooDatetime, odooSecond } from './odoo-time.ts';
export { DEFAULT_CHANGE_FEED, type ChangeFeedOptions, type ChangeReader, type ChangeSubscription, type FeedDomainTerm } from './types.ts';
export { changeFeedSettings } from './change-feed.settings.ts';
