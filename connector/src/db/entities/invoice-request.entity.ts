/**
 * A shipment's request for its customer invoice (the invoices flow): one row per (backend, shipment key), written
 * in the transaction that confirmed the shipment, with where it stands and the ERP invoice it ended with. Unique
 * on the ERP side too: one ERP invoice belongs to one shipment (a later shipment of an order invoiced in full by
 * the first one ends `covered`, bound to nothing).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const InvoiceRequest = defineEntity({
  name: 'InvoiceRequest',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    /** `mfn:<pickingId>`, `fba:<amazonOrderId>`...: the caller's key of the shipment. */
    shipmentKey: p.text(),
    amazonOrderId: p.text(),
    /** Amazon's ship date: the invoice date (the VAT tax point). */
    shipDate: p.datetime().columnType('timestamptz'),
    /** waiting | invoiced | covered | ignored | conflict | failed */
    state: p.text().defaultRaw(`'waiting'`),
    code: p.text().nullable(),
    message: p.text().nullable(),
    /** The ERP invoice (`account.move`) this shipment's request ended with. */
    moveId: p.integer().nullable(),
    invoiceName: p.text().nullable(),
    /** The PDF's upload to Amazon (UPLOAD_VAT_INVOICE): null (not asked) | pending | queued | uploaded | conflict. */
    uploadState: p.text().nullable(),
    /** Retries after a refusal or a missing PDF: the feed message key's suffix. */
    uploadAttempt: p.integer().defaultRaw('0'),
    /** The feed message key it went with: `invoice:<move id>`, then `invoice:<move id>#2`... */
    uploadKey: p.text().nullable(),
    uploadCode: p.text().nullable(),
    uploadMessage: p.text().nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [
    { name: 'invoice_request_shipment_unique', properties: ['backend', 'shipmentKey'] },
    { name: 'invoice_request_move_unique', properties: ['backend', 'moveId'] },
  ],
  indexes: [
    { name: 'invoice_request_state_index', properties: ['backend', 'state'] },
    { name: 'invoice_request_order_index', properties: ['backend', 'amazonOrderId'] },
    {
      name: 'invoice_request_upload_index',
      expression: 'create index "invoice_request_upload_index" on "invoice_request" ("backend_id", "upload_state") where upload_state is not null',
    },
    {
      name: 'invoice_request_upload_key_index',
      expression: 'create index "invoice_request_upload_key_index" on "invoice_request" ("backend_id", "upload_key") where upload_key is not null',
    },
  ],
});
