/** Token buckets shared by every worker process: one row per (seller, SP-API operation). */
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
    overrideRate: p.decimal().columnType('numeric').nullable(),
    overrideBurst: p.decimal().columnType('numeric').nullable(),
  },
});
