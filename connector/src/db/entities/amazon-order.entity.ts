/**
 * The sweep's store: every Amazon order payload fetched, so later steps never spend quota twice. Buyer and
 * recipient parts are cut out of `payload` and kept only sealed in `pii_sealed`, until redaction.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const AmazonOrder = defineEntity({
  name: 'AmazonOrder',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    amazonOrderId: p.text(),
    marketplaceId: p.text(),
    status: p.text(),
    fulfilledBy: p.text().nullable(),
    lastUpdatedAt: p.datetime().columnType('timestamptz'),
    /** Hash of the Amazon-owned content: a change here (not a newer timestamp) is what enqueues an import. */
    contentHash: p.text(),
    payload: p.json<unknown>().columnType('jsonb'),
    piiSealed: p.blob().nullable(),
    piiKeyId: p.text().nullable(),
    piiRedactedAt: p.datetime().columnType('timestamptz').nullable(),
    /** Tax Amazon withheld (marketplace facilitator): recorded and shown, never billed. Decimal strings. */
    withheldTax: p.json<unknown>().columnType('jsonb').nullable(),
    /**
     * Where the import stands, for the API and the admin panel: queued | waiting | imported | conflict | failed |
     * not_imported | ignored, with the stable code of why (waiting, failing or in conflict).
     */
    syncState: p.text().default('queued'),
    syncCode: p.text().nullable(),
    syncedAt: p.datetime().columnType('timestamptz').nullable(),
    /** The ERP order's name and the total Amazon and the ERP agree on (decimal string + currency). */
    erpOrderName: p.text().nullable(),
    /** Units Amazon reports shipped per order item when the order was imported (for the shipment lifecycle). */
    shipped: p.json<unknown>().columnType('jsonb').nullable(),
    total: p.text().nullable(),
    currency: p.text().nullable(),
    fetchedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'amazon_order_id_unique', properties: ['backend', 'amazonOrderId'] }],
  indexes: [
    {
      // The API's order list (newest change first, keyset-paged by (last_updated_at, id)) reads pages straight off
      // these, with or without a state filter, instead of sorting every matching order (100,000 in the bench).
      name: 'amazon_order_listing_index',
      expression: 'create index "amazon_order_listing_index" on "amazon_order" ("backend_id", "last_updated_at" desc, "id" desc)',
    },
    {
      name: 'amazon_order_state_listing_index',
      expression:
        'create index "amazon_order_state_listing_index" on "amazon_order" ("backend_id", "sync_state", "last_updated_at" desc, "id" desc)',
    },
    // Narrow on purpose: the backends list counts orders per state with an index-only scan of it.
    { name: 'amazon_order_sync_state_index', properties: ['backend', 'syncState'] },
    {
      // The redaction job only looks at rows that still hold PII.
      name: 'amazon_order_pii_index',
      expression: 'create index "amazon_order_pii_index" on "amazon_order" ("fetched_at") where pii_sealed is not null',
    },
  ],
});

/** Durable sweep position per backend and flow: the next window starts (with overlap) from here. */
export const SweepCursor = defineEntity({
  name: 'SweepCursor',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    flow: p.text().primary(),
    lastUpdatedAfter: p.datetime().columnType('timestamptz'),
    lastRunAt: p.datetime().columnType('timestamptz').nullable(),
  },
});
