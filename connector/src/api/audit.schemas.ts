/**
 * An audit log entry as the API shows it: who changed what, before and after (never a secret).
 */
import { Type, type Static } from 'typebox';
import { BackendId, Id, IsoTime, Nullable } from './schemas.ts';

export const AuditEntryView = Type.Object(
  {
    id: Id,
    at: IsoTime,
    actor: Type.String({ description: 'who: the API caller, `cli`, `boot` or `system`' }),
    action: Type.String({ description: 'e.g. backend.settings, backend.disable, mapping.lookup.put, conflict.resolve' }),
    backendId: Nullable(BackendId),
    target: Type.String({ description: 'what: backend:3, conflict:12, lookup:sku_map, mapping_rule:5' }),
    before: Type.Unknown({ description: 'what changed, as it was (never a secret)' }),
    after: Type.Unknown({ description: 'what changed, as it became' }),
  },
  { $id: 'AuditEntry' },
);
export type AuditEntryViewT = Static<typeof AuditEntryView>;
