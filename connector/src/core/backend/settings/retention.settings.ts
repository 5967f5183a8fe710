/**
 * The `retention` namespace: how long what grows without end is kept (the housekeeping prune reads it). Core
 * because every flow's stored documents, runs and conflicts are pruned alike. Bindings are never pruned: they
 * are what keeps an old document from being imported twice.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from './namespace.ts';

const days = (def: number, min: number, max: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, default: def, description });

export const retentionSettings = defineSettingsNamespace({
  name: 'retention',
  description: 'How long finished records are kept before the hourly prune deletes them',
  properties: {
    /** Fetched Amazon documents whose record is done (imported, ignored, not imported); never a queued one. */
    documentsDays: days(90, 7, 3650, 'days a fetched document is kept once its record is done'),
    /** Finished sync runs with their step logs. */
    runsDays: days(30, 1, 3650, 'days a finished sync run and its step log are kept'),
    /** Resolved or dismissed conflicts (open ones are never pruned). */
    conflictsDays: days(180, 7, 3650, 'days a resolved or dismissed conflict is kept'),
    /** Jobs that failed for good (graphile-worker deletes successful jobs itself). */
    failedJobsDays: days(30, 1, 3650, 'days a permanently failed job is kept'),
    /** Who changed what: long, an audit trail is read months later. */
    auditDays: days(365, 30, 3650, 'days an audit log entry is kept'),
  },
});
