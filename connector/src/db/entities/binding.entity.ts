/**
 * A binding links one Amazon object to one ERP record with the versions last synced. Unique on the Amazon side
 * always; unique on the ERP side only for documents (several SKUs may share one product, several buyers' orders
 * one partner), hence the partial unique index. `version` counts the changes (a seller's SKU row re-pointed to
 * another product, a new quantity pushed) and `state` keeps what was last pushed.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

/** Kinds whose ERP record belongs to exactly one Amazon object. Keep in sync with the partial index below. */
/** A `return` binding is many-to-one (one return picking carries every SKU of an RMA from one delivery): not listed. */
export const DOCUMENT_KINDS = ['order', 'shipment', 'refund', 'settlement_line'] as const;

export const Binding = defineEntity({
  name: 'Binding',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    kind: p.text(),
    amazonKey: p.text(),
    erpModel: p.text(),
    erpId: p.integer(),
    amazonUpdatedAt: p.datetime().columnType('timestamptz').nullable(),
    /** The ERP's write_date exactly as it answered it: compared for equality, never parsed. */
    erpWriteDate: p.text().nullable(),
    payloadHash: p.text().nullable(),
    syncedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    /** 1 when bound, plus one at each change of the ERP record it points to or of `state`. */
    version: p.integer().defaultRaw('1'),
    /** What was last pushed for it (the inventory flow: the last quantity sent), as the flow wrote it. */
    state: p.json<unknown>().columnType('jsonb').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'binding_amazon_side_unique', properties: ['backend', 'kind', 'amazonKey'] }],
  indexes: [
    // toAmazon() for every kind, and the ERP-side uniqueness for documents only.
    { name: 'binding_erp_side_index', properties: ['backend', 'erpModel', 'erpId'] },
    {
      name: 'binding_erp_side_document_unique',
      expression:
        'create unique index "binding_erp_side_document_unique" on "binding" ("backend_id", "kind", "erp_model", "erp_id") ' +
        `where kind in ('order', 'shipment', 'refund', 'settlement_line')`,
    },
  ],
});
