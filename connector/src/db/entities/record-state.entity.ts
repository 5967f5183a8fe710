/**
 * Where each record of a flow stands (core/record-state/): one row per (backend, flow, key), with the stable code
 * of why and a few facts of the flow (`detail`: the ERP name, totals, units shipped...).
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const RecordState = defineEntity({
  name: 'RecordState',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    backend: p.manyToOne(Backend).mapToPk().deleteRule('cascade'),
    /** The flow's name (`orders`). */
    flow: p.text(),
    key: p.text(),
    /** The flow's state (orders: queued | waiting | imported | conflict | failed | not_imported | ignored). */
    state: p.text(),
    code: p.text().nullable(),
    /**
     * The source's update time of the record version this state is about (newest-change-first lists filtered by
     * state sort on it); when the state was set without one, the time it was first set.
     */
    sourceUpdatedAt: p.datetime().columnType('timestamptz'),
    detail: p.json<unknown>().columnType('jsonb').defaultRaw(`'{}'`),
    syncedAt: p.datetime().columnType('timestamptz').nullable(),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
  uniques: [{ name: 'record_state_key_unique', properties: ['backend', 'flow', 'key'] }],
  indexes: [
    // Narrow on purpose: counts per state are index-only scans of it, and a rare state's list starts from it.
    { name: 'record_state_state_index', properties: ['backend', 'flow', 'state'] },
    {
      // A list filtered by state (newest change first, keyset-paged by (source_updated_at, id)) reads its pages
      // straight off it, even for a rare state, instead of sorting every match.
      name: 'record_state_listing_index',
      expression:
        'create index "record_state_listing_index" on "record_state" ("backend_id", "flow", "state", "source_updated_at" desc, "id" desc)',
    },
  ],
});
