/**
 * The returns flow (sync/returns/): each merchant-fulfilled return as Amazon's returns report last showed it, one
 * row per (backend, order, Amazon RMA id, SKU), written by the report's row handler with `on conflict` so a report
 * read twice, or re-read for its overlap, changes a row only when Amazon's content changed. The return-picking task
 * reads it back (jobs carry the key, not the row). Mirrors Migration20261212010000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const MerchantReturn = defineEntity({
  name: 'MerchantReturn',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    orderId: p.text().primary(),
    rmaId: p.text().primary(),
    sku: p.text().primary(),
    marketplaceId: p.text(),
    /** Amazon's `Return request status` as written (Approved, Closed, ...). */
    status: p.text(),
    quantity: p.integer(),
    reason: p.text(),
    requestedAt: p.datetime().columnType('timestamptz').nullable(),
    deliveredAt: p.datetime().columnType('timestamptz').nullable(),
    /** `Refunded Amount` in minor units of `currency` (null until Amazon refunds). */
    refundedMinor: p.bigint('string').nullable(),
    currency: p.text().nullable(),
    /** Hash of the fields above: a re-read row with the same hash is no change. */
    contentHash: p.text(),
    /** The report request the row came from last. */
    reportRequestId: p.bigint('number').nullable(),
    firstSeenAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
