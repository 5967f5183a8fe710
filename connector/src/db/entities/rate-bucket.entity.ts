/**
 * Token buckets shared by every worker process: one row per (bucket key, SP-API operation). The key is what Amazon
 * counts a usage plan by (see core/rate-limit/quota-keys.ts): application and seller per region for most
 * operations, the application alone for grantless ones. Rate overrides are a backend's setting, never stored here.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const RateBucket = defineEntity({
  name: 'RateBucket',
  properties: {
    sellerKey: p.text().primary(),
    operation: p.text().primary(),
    /** May be negative: a worker reserves a token ahead and waits for it outside any transaction. */
    tokens: p.decimal().columnType('numeric'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('clock_timestamp()'),
    learntRate: p.decimal().columnType('numeric').nullable(),
    /** After a 429: no request of this bucket before then (a short backoff; the tokens are left as they were). */
    pausedUntil: p.datetime().columnType('timestamptz').nullable(),
  },
});
