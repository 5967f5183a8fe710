/**
 * The reorder flow's record of stock-outs (sync/reorder/README.md, "Out-of-stock days"): hour bitmasks (bit h =
 * UTC hour h) of the hourly stock samples. `reorder_stock_sample`: the hours a backend's stock was sampled that
 * day; `reorder_stock_day`: the hours a SKU was at zero, a row only for a SKU at zero at least once (a day without
 * a row was in stock whenever sampled). Written with SQL by sync/reorder/stock-days/.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const ReorderStockSample = defineEntity({
  name: 'ReorderStockSample',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    /** The UTC day. */
    day: p.date().primary(),
    hours: p.integer().default(0),
    sampledAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});

export const ReorderStockDay = defineEntity({
  name: 'ReorderStockDay',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    sku: p.text().primary(),
    day: p.date().primary(),
    zeroHours: p.integer().default(0),
  },
});
