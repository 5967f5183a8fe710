/**
 * What the flows fetched (core/documents/): one row per (backend, kind, key), the newest copy. The payload is
 * readable jsonb without PII; the kind's PII parts are only ever stored sealed, until redaction.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const FetchedDocument = defineEntity({
  name: 'FetchedDocument',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    /** The document kind's name (`order`, later `shipment`, `settlement`...). */
    kind: p.text(),
    /** The source's id of the document (an Amazon order id). */
    key: p.text(),
    /** The source's own update time: an older copy never overwrites a newer one. */
    sourceUpdatedAt: p.datetime().columnType('timestamptz'),
    /** Hash of the source-owned content: a change here (not a newer timestamp) is what the flow acts on. */
    contentHash: p.text(),
    payload: p.json<unknown>().columnType('jsonb'),
    /** A few listable fields the kind picks (an order's marketplace, status, fulfilment channel). */
    summary: p.json<unknown>().columnType('jsonb').defaultRaw(`'{}'`),
    piiSealed: p.blob().nullable(),
    piiKeyId: p.text().nullable(),
    piiRedactedAt: p.datetime().columnType('timestamptz').nullable(),
    fetchedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'fetched_document_key_unique', properties: ['backend', 'kind', 'key'] }],
  indexes: [
    {
      // The API's lists (newest change first, keyset-paged by (source_updated_at, id)) read pages straight off it.
      name: 'fetched_document_listing_index',
      expression:
        'create index "fetched_document_listing_index" on "fetched_document" ("backend_id", "kind", "source_updated_at" desc, "id" desc)',
    },
    {
      // The redaction job only looks at rows that still hold PII.
      name: 'fetched_document_pii_index',
      expression: 'create index "fetched_document_pii_index" on "fetched_document" ("fetched_at") where pii_sealed is not null',
    },
    {
      // The shipments flow's ship-by risk list and gauge: the open merchant-fulfilled orders only, however long the history.
      name: 'fetched_document_open_mfn_index',
      expression:
        `create index "fetched_document_open_mfn_index" on "fetched_document" ("backend_id") where kind = 'order' and (summary ->> 'fulfilledBy') = 'MERCHANT' and (summary ->> 'status') in ('UNSHIPPED', 'PARTIALLY_SHIPPED')`,
    },
    // Retention: what was fetched long ago, per backend and kind.
    { name: 'fetched_document_fetched_index', properties: ['backend', 'kind', 'fetchedAt'] },
  ],
});
