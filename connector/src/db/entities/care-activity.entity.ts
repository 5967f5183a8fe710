/**
 * The care flow (sync/care/): one row per (backend, Amazon order, reason) a person must look at, and the ERP
 * activity made for it. The primary key is what makes an activity exactly once per event; `create_started_at`
 * tells a later run to look the activity up in the ERP (by its summary's marker) before creating it again.
 * Mirrors Migration20261213020000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const CareActivity = defineEntity({
  name: 'CareActivity',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    amazonOrderId: p.text().primary(),
    reason: p.enum(['cancel_request', 'return_request', 'a_to_z_claim', 'chargeback', 'ship_late']).primary(),
    state: p.enum(['pending', 'open', 'done']),
    /** Why a pending row waits (the order not imported yet, an unknown assignee), else null. */
    code: p.text().nullable(),
    /** What the source said (no buyer data): the request's reason, the RMA, the refund id, the latest ship time. */
    detail: p.json<unknown>().columnType('jsonb').defaultRaw(`'{}'`),
    erpOrderId: p.integer().nullable(),
    erpActivityId: p.integer().nullable(),
    erpUserId: p.integer().nullable(),
    dueAt: p.datetime().columnType('timestamptz').nullable(),
    createStartedAt: p.datetime().columnType('timestamptz').nullable(),
    doneAt: p.datetime().columnType('timestamptz').nullable(),
    createdAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    updatedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
