/**
 * The merchant-stock flow's record of each SKU's merchant-fulfilled quantity (sync/merchant-stock/README.md): what
 * it should show (`desired_qty`, versioned by `computed_seq`, the inputs that produced it) and what was last sent
 * (quantity, version, lane, feed message, time), so a send goes out only when newer than the last one. Mirrors
 * Migration20261208010000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const MerchantStockOffer = defineEntity({
  name: 'MerchantStockOffer',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    sku: p.text().primary(),
    productId: p.integer(),
    desiredQty: p.integer(),
    // Per SKU, +1 at each change of the desired quantity: a send is recorded only over an older one.
    computedSeq: p.bigint('number'),
    computedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    inputs: p.json<unknown>().columnType('jsonb').defaultRaw(`'{}'`),
    productType: p.text().nullable(),
    sentQty: p.integer().nullable(),
    sentSeq: p.bigint('number').nullable(),
    sentLane: p.enum(['patch', 'feed']).nullable(),
    sentFeedMessageId: p.bigint('number').nullable(),
    sentAt: p.datetime().columnType('timestamptz').nullable(),
    recheckAt: p.datetime().columnType('timestamptz').nullable(),
    code: p.text().nullable(),
    message: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  indexes: [
    {
      // The push reads a backend's SKUs still to send: a partial index keeps that read small when nothing changed.
      name: 'merchant_stock_offer_pending_index',
      expression: `create index "merchant_stock_offer_pending_index" on "merchant_stock_offer" ("backend_id", "sku") where computed_seq > coalesce(sent_seq, 0) or recheck_at is not null`,
    },
    { name: 'merchant_stock_offer_product_index', properties: ['backend', 'productId'] },
  ],
});
