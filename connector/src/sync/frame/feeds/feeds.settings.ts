/**
 * The `feeds` namespace: how the Feeds core batches, spends createFeed tokens and polls (per backend). createFeed is
 * limited per seller across every feed type (0.0083/s, burst 15: one feed every two minutes once the burst is gone).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../../core/backend/settings/index.ts';

export const feedsSettings = defineSettingsNamespace({
  name: 'feeds',
  description: 'The Feeds core: batching of queued feed messages, the createFeed reserve for urgent feed types, polling',
  properties: {
    /** A type's first queued message waits this long for others to join its feed (a full feed goes at once). */
    batchWindowSeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 30, description: 'seconds a queued feed message waits for others of its type to share one feed (0-3600)' }),
    /** Kept for the urgent types: a type below `reservePriority` is sent only while more tokens than this are left. */
    reserveTokens: Type.Integer({ minimum: 0, maximum: 15, default: 3, description: 'createFeed tokens kept for urgent feed types (refunds, cancellations) (0-15)' }),
    reservePriority: Type.Integer({ minimum: 0, maximum: 1000, default: 50, description: 'feed types of this priority or more may use the reserve (refunds 100, cancellations 80, invoices 40, stock 10)' }),
    /** The first poll of a submitted feed; later ones back off (x2 each, up to x16). */
    pollSeconds: Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: 'seconds before the first poll of a submitted feed; later polls back off up to 16 times that (1-3600)' }),
    /** The unknown-outcome lookup searches getFeeds from the attempt's start minus this to its end plus this. */
    lookupMarginSeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 120, description: "seconds around a lost createFeed attempt that getFeeds searches for it (Amazon's clock may differ) (5-3600)" }),
  },
});

export type FeedsSettings = ReturnType<typeof feedsSettings.of>;
