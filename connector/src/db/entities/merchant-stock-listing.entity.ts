/**
 * What Amazon last showed of each SKU's listing, as the merchant-stock reconciliation read it
 * (sync/merchant-stock/reconcile/README.md): the fulfillment channels (DEFAULT, AMAZON_*), the DEFAULT quantity, the
 * listing's last update, when it was read, and a re-check a notification asked for. The channels decide whether a
 * SKU is merchant-fulfilled, FBA-only or both. Mirrors Migration20261208040000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const MerchantStockListing = defineEntity({
  name: 'MerchantStockListing',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    sku: p.text().primary(),
    found: p.boolean().default(false),
    channels: p.array().columnType('text[]').defaultRaw(`'{}'`),
    merchantQty: p.integer().nullable(),
    amazonUpdatedAt: p.datetime().columnType('timestamptz').nullable(),
    seenAt: p.datetime().columnType('timestamptz').nullable(),
    // A LISTINGS_ITEM_MFN_QUANTITY_CHANGE asked for a re-check of the SKU, due then (after the settle time).
    checkAfter: p.datetime().columnType('timestamptz').nullable(),
    notifiedQty: p.integer().nullable(),
  },
  indexes: [
    {
      name: 'merchant_stock_listing_check_index',
      expression: `create index "merchant_stock_listing_check_index" on "merchant_stock_listing" ("backend_id", "check_after") where check_after is not null`,
    },
  ],
});
