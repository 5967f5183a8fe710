/**
 * The fba-stock flow's tables (sync/fba-stock/README.md): Amazon's FBA figures per backend, pool and SKU as the
 * last snapshot read them, each pool's last snapshot, and the drift rows (ERP product x location) with their
 * cause and whether a person or the backend's limits applied them. Mirrors Migration20261208020000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

const count = () => p.integer();

export const FbaStock = defineEntity({
  name: 'FbaStock',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    pool: p.text().primary(),
    sellerSku: p.text().primary(),
    asin: p.text().nullable(),
    fnSku: p.text().nullable(),
    fulfillable: count(),
    inboundWorking: count(),
    inboundShipped: count(),
    inboundReceiving: count(),
    reservedTotal: count(),
    reservedPendingCustomerOrder: count(),
    reservedPendingTransshipment: count(),
    reservedFcProcessing: count(),
    researching: count(),
    unfulfillable: count(),
    total: count(),
    amazonUpdatedAt: p.datetime().columnType('timestamptz').nullable(),
    snapshotAt: p.datetime().columnType('timestamptz'),
  },
});

export const FbaStockSnapshot = defineEntity({
  name: 'FbaStockSnapshot',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    pool: p.text().primary(),
    marketplaceId: p.text(),
    takenAt: p.datetime().columnType('timestamptz'),
    skuCount: p.integer(),
    /** How often the listing started again from page 1 (an expired nextToken). */
    restarts: p.integer(),
  },
});

export const FbaStockDrift = defineEntity({
  name: 'FbaStockDrift',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    pool: p.text(),
    snapshotAt: p.datetime().columnType('timestamptz'),
    productId: p.integer(),
    location: p.enum(['stock', 'unsellable']),
    locationId: p.integer(),
    skus: p.array().columnType('text[]'),
    amazonQty: p.integer(),
    expectedMin: p.integer(),
    expectedMax: p.integer(),
    erpQty: p.integer(),
    targetQty: p.integer(),
    difference: p.integer(),
    cause: p.text(),
    state: p.enum(['open', 'applied', 'superseded']),
    appliedBy: p.text().nullable(),
    appliedAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  indexes: [{ name: 'fba_stock_drift_pool_index', properties: ['backend', 'pool', 'state'] }],
});
