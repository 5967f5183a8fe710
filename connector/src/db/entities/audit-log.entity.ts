/**
 * Who changed what and when (core/audit). `backend_id` is a plain column, not a foreign key: an entry outlives
 * anything that happens to the backend it names.
 */
import { defineEntity, p } from '@mikro-orm/core';

export const AuditLog = defineEntity({
  name: 'AuditLog',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().columnType('timestamptz').defaultRaw('now()'),
    actor: p.text(),
    action: p.text(),
    backendId: p.integer().nullable(),
    target: p.text(),
    before: p.json<unknown>().columnType('jsonb').nullable(),
    after: p.json<unknown>().columnType('jsonb').nullable(),
  },
  // By target too: a conflict's resolution history (`conflict:<id>`).
  indexes: [{ name: 'audit_log_backend_index', properties: ['backendId', 'id'] }, { name: 'audit_log_target_index', properties: ['target', 'id'] }],
});
