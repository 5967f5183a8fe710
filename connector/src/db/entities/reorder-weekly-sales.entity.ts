/**
 * The reorder flow's kept sales (sync/reorder/README.md): units per SKU, marketplace and week, summed from the
 * stored orders while they are all still there, so the history behind the seasonality outlives the retention prune
 * of the order documents. No buyer data.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const ReorderWeeklySales = defineEntity({
  name: 'ReorderWeeklySales',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    sku: p.text().primary(),
    marketplaceId: p.text().primary(),
    /** The Monday (UTC) the week starts. */
    week: p.date().primary(),
    units: p.integer(),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
