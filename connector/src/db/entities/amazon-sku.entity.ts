/**
 * Every seller SKU the order flow has seen (fed when orders are stored), for the admin panel's SKU list: what it
 * maps to stays in `sku_map` (product bindings); this row only says the SKU exists, where it was last seen, and how
 * its current product was chosen (`matchedBy` for `matchedProductId`: hand, default_code or barcode).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const AmazonSku = defineEntity({
  name: 'AmazonSku',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    sku: p.text(),
    asin: p.text().nullable(),
    title: p.text().nullable(),
    lastOrderId: p.text().nullable(),
    firstSeenAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    lastSeenAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    /** How the product below was chosen; stale (ignored) once the SKU's binding points elsewhere. */
    matchedBy: p.text().nullable(),
    matchedProductId: p.integer().nullable(),
    /** The product's display name then ("[code] name"), so a page of the list needs no ERP call. */
    matchedProductName: p.text().nullable(),
    /** Without a sku_map row, the product the order flow found by itself (internal reference), and how and when. */
    implicitProductId: p.integer().nullable(),
    implicitBy: p.text().nullable(),
    implicitAt: p.datetime().columnType('timestamptz').nullable(),
  },
  uniques: [{ name: 'amazon_sku_unique', properties: ['backend', 'sku'] }],
});
