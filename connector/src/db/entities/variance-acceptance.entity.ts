/**
 * A reconciliation variance an accountant accepted (sync/settlements/reconciliation/): one row per (backend,
 * variance key), with the reason it had, the note, who and when. Accepting again rewrites the note and keeps the
 * first acceptance's time in `firstAcceptedAt`. Mirrors Migration20261214030000.
 */
import { defineEntity, p } from '@mikro-orm/core';
import { Backend } from './backend.entity.ts';

export const VarianceAcceptance = defineEntity({
  name: 'VarianceAcceptance',
  tableName: 'variance_acceptance',
  properties: {
    backend: p.manyToOne(Backend).mapToPk().primary().deleteRule('cascade'),
    varianceKey: p.text().primary(),
    reason: p.text(),
    /** The difference accepted, minor units, in `currency`: a variance whose difference changes is open again. */
    differenceMinor: p.bigint('bigint'),
    currency: p.text(),
    note: p.text(),
    acceptedBy: p.text(),
    acceptedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    firstAcceptedAt: p.datetime().columnType('timestamptz').defaultRaw('now()'),
  },
});
