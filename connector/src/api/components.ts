/**
 * The shapes registered once as shared schemas: the document names them as components (Backend, ConflictPage,
 * ...), so the admin UI's generated types have names, and routes refer to them with `ref()`. ErrorBody and
 * BackendSettings are built by the server from what the flows bring; a flow's own shapes come with it (ApiFlow).
 */
import { Type, type Static, type TSchema } from 'typebox';
import { mappingSchemas } from './mapping-schemas.ts';
import { connectionSchemas } from './connection.schemas.ts';
import { AuditEntryView } from './audit.schemas.ts';
import { Backend } from './backend.schemas.ts';
import { ConflictBulkResult, ConflictFacets, ConflictSummary, ConflictView } from './conflict.schemas.ts';
import { Health } from './health.schemas.ts';
import { Nullable } from './schemas.ts';
import { SyncRunView } from './sync-run.schemas.ts';

/** A reference to a shared schema, typed as the schema itself. */
export function ref<T extends TSchema & { $id?: string }>(schema: T) {
  if (!schema.$id) throw new Error('only a shared schema with an $id can be referred to');
  return Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });
}

/** One page of a list, newest first; `nextCursor` asks for the next one (null on the last). */
export const pageOf = <T extends TSchema & { $id?: string }>(item: T, $id: string) =>
  Type.Object(
    { items: Type.Array(ref(item)), nextCursor: Nullable(Type.String({ description: 'pass back as `cursor` for the next page' })) },
    { $id },
  );

export const ConflictPage = pageOf(ConflictSummary, 'ConflictPage');
export const SyncRunPage = pageOf(SyncRunView, 'SyncRunPage');
export const AuditEntryPage = pageOf(AuditEntryView, 'AuditEntryPage');

const SetupItem = Type.Object({ what: Type.String(), erpModel: Type.String(), erpId: Type.Integer() });
export const SetupReport = Type.Object(
  {
    ok: Type.Boolean(),
    created: Type.Array(SetupItem),
    found: Type.Array(SetupItem),
    changed: Type.Array(SetupItem, { description: 'existing ERP records the set-up changed (with consent: currencies activated, tax rounding)' }),
    problems: Type.Array(Type.Object({ code: Type.String(), message: Type.String({ description: 'what is missing and the steps to fix it by hand' }) })),
    retried: Type.Object(
      { count: Type.Integer({ minimum: 0 }), byCode: Type.Record(Type.String(), Type.Integer({ minimum: 0 })) },
      { description: "open conflicts this run cured (codes the flows' set-up cures, none of whose problems it reported), queued for a retry" },
    ),
    fixes: Type.Array(
      Type.Object({ id: Type.String(), title: Type.String(), description: Type.String(), codes: Type.Array(Type.String()) }),
      { description: 'what the set-up can fix itself with one click (POST /api/backends/{id}/setup/fixes/{fixId}): the problems of these codes' },
    ),
  },
  { $id: 'SetupReport', description: 'what the set-up created, found and changed in the ERP, and what it could not do' },
);

export const Queued = Type.Object({ queued: Type.Boolean() }, { $id: 'Queued', description: 'the work is enqueued for a worker' });

export const sharedSchemas: TSchema[] = [Backend, ConflictSummary, ConflictView, SyncRunView, Health, ConflictPage, SyncRunPage, SetupReport, Queued, AuditEntryView, AuditEntryPage, ConflictBulkResult, ConflictFacets, ...mappingSchemas, ...connectionSchemas];
