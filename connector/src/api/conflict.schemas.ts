/**
 * Conflicts as the API shows them (one with its sides, attempts and history; a list's summary; facets) and the
 * resolve bodies, single and bulk.
 */
import { Type, type Static } from 'typebox';
import { BackendId, Id, IsoTime, Nullable } from './schemas.ts';

/** What every view of a conflict starts with: which record, why, and where it stands. */
const conflictHead = {
  id: Id,
  backendId: BackendId,
  kind: Type.String(),
  amazonKey: Type.String(),
  code: Type.String(),
  message: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('dismissed')]),
  flow: Nullable(Type.String({ description: 'the flow that declares the kind (orders, invoices...)' })),
  money: Type.Boolean({ description: 'a money conflict (its flow declares the kind or code so): listed first; the accountant role may resolve it' }),
  dueAt: Nullable(IsoTime),
};

const FieldDifferenceView = Type.Object({ field: Type.String(), amazon: Type.Unknown(), erp: Type.Unknown() });

export const ConflictView = Type.Object(
  {
    ...conflictHead,
    amazonSnapshot: Type.Unknown(),
    erpSnapshot: Type.Unknown(),
    diff: Type.Unknown(),
    resolution: Type.Unknown(),
    actions: Type.Array(
      Type.Object({
        action: Type.String({ description: 'what POST /api/conflicts/{id}/resolve takes when available: retry, dismiss, or an action of the flow (e.g. cancel_in_erp, keep)' }),
        available: Type.Boolean(),
        description: Type.String({ description: 'what it does, or why it is not offered' }),
      }),
      { description: "what fits this conflict's code: retry is unavailable where a re-run would only raise it again (409 CONFLICT_NOT_RETRYABLE)" },
    ),
    amazonSide: Type.Unknown({ description: "Amazon's side as stored with the conflict (no buyer data)" }),
    erpSide: Type.Unknown({ description: "the ERP's side: the ERP snapshot, else the one the step put in the diff (null: none)" }),
    fields: Type.Array(FieldDifferenceView, { description: 'the fields whose values differ between the two sides (mark them)' }),
    attempts: Type.Array(
      Type.Object({
        runId: Id, flow: Type.String(), trigger: Type.String(), startedAt: IsoTime, runStatus: Type.String(),
        step: Type.String(), status: Type.String(), errorCode: Nullable(Type.String()), at: IsoTime,
      }),
      { description: "what the connector tried: the record's recent steps (newest first), each with its run (GET /api/sync-runs/{runId})" },
    ),
    history: Type.Array(
      Type.Object({ at: IsoTime, actor: Type.String(), action: Type.String(), after: Type.Unknown() }),
      { description: 'the resolution history: who did what, when (the audit log)' },
    ),
    occurrences: Type.Integer({ minimum: 1 }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    resolvedAt: Nullable(IsoTime),
  },
  { $id: 'Conflict' },
);
export type ConflictViewT = Static<typeof ConflictView>;

/** A conflict in a list: what and where, without the snapshots and diff (those come with `GET /api/conflicts/:id`). */
export const ConflictSummary = Type.Object(
  {
    ...conflictHead,
    occurrences: Type.Integer({ minimum: 1, description: 'times the same problem was seen while the conflict was open' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    resolvedAt: Nullable(IsoTime),
  },
  { $id: 'ConflictSummary', description: 'a conflict without its snapshots and diff (GET /api/conflicts/{id} has them)' },
);
export type ConflictSummaryT = Static<typeof ConflictSummary>;

const ACTION_DESCRIPTION =
  "retry: re-run the sync for this record (after fixing mappings); dismiss: close without syncing; ignore: dismiss with the reason in note (required); another name: an action of the conflict's flow " +
  "(e.g. cancel_in_erp, keep) run when the conflict is closed (409 CONFLICT_ACTION_UNAVAILABLE when the conflict does not offer it)";

/** retry, dismiss, or a flow's own action (lower snake case): what the conflict's `actions` list as available. */
const ConflictActionName = Type.String({ pattern: '^[a-z][a-z0-9_]{0,47}$', description: ACTION_DESCRIPTION });

/** The shape of a resolve body (its `action` any name: the routes check it against the known ones). */
export const ConflictResolve = Type.Object({
  action: ConflictActionName,
  note: Type.Optional(Type.String({ maxLength: 1000, description: 'why (required by ignore)' })),
  productId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'map_sku: the ERP product (product.product id) the SKU maps to' })),
  sku: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'map_sku: which unmapped SKU (default: the one the conflict names)' })),
}, { additionalProperties: false });

const CODE = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,63}$', description: 'a conflict code, e.g. TAX_UNMAPPED' });

/**
 * Retry or dismiss every open conflict of one backend that the filter selects (each filter that is given must
 * match; `codes` and `kinds` match any of theirs), as the single resolve does it, one audit entry per conflict.
 */
export const ConflictBulkResolve = Type.Object({
  ...ConflictResolve.properties,
  backendId: BackendId,
  codes: Type.Optional(Type.Array(CODE, { minItems: 1, maxItems: 50, uniqueItems: true })),
  kinds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 20, uniqueItems: true, description: "conflict kinds, e.g. order" })),
  flow: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "the conflicts of this flow's kinds, e.g. orders" })),
  amazonKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "one record's conflicts (an order's: its Amazon order id)" })),
  ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true, description: 'these conflicts only (a multi-select), still within the other filters' })),
  createdAfter: Type.Optional(Type.String({ format: 'date-time', description: 'raised at or after this moment' })),
  createdBefore: Type.Optional(Type.String({ format: 'date-time', description: 'raised before this moment' })),
  dryRun: Type.Optional(Type.Boolean({ default: false, description: 'count what would be acted on, change nothing' })),
}, { additionalProperties: false });

/**
 * The resolve bodies the routes check, their `action` one of the known names: retry, dismiss and every action the
 * flows declare (app/ collects them from the flow list), so a mistyped action is a 400 naming the allowed values
 * and the document lists them. A known action the conflict does not offer is the service's 409.
 */
export function conflictResolveBodies(flowActions: readonly string[]) {
  const names = [...new Set(['retry', 'dismiss', 'ignore', ...flowActions])];
  // One `enum`, not a union of literals: the validator stops at its maxErrors (8) issues, so a union of more names
  // than that lost the last ones from the 400's "must be one of" list.
  const action = Type.Unsafe<string>({ type: 'string', enum: names, description: ACTION_DESCRIPTION });
  return {
    one: Type.Object({ ...ConflictResolve.properties, action }, { additionalProperties: false }),
    many: Type.Object({ ...ConflictBulkResolve.properties, action }, { additionalProperties: false }),
  };
}

/** Counts of the conflicts a filter selects (open by default), for the panel's filter chips. */
export const ConflictFacets = Type.Object(
  {
    total: Type.Integer({ minimum: 0 }),
    byCode: Type.Array(Type.Object({ code: Type.String(), count: Type.Integer({ minimum: 0 }), money: Type.Boolean() })),
    byFlow: Type.Array(Type.Object({ flow: Type.String(), count: Type.Integer({ minimum: 0 }) })),
    byBackend: Type.Array(Type.Object({ backendId: BackendId, count: Type.Integer({ minimum: 0 }) })),
  },
  { $id: 'ConflictFacets', description: 'how many conflicts per code, flow and backend, most first' },
);
export type ConflictFacetsT = Static<typeof ConflictFacets>;

export const ConflictBulkResult = Type.Object(
  {
    action: Type.String({ description: 'retry, dismiss or the flow action asked for' }),
    dryRun: Type.Boolean(),
    count: Type.Integer({ minimum: 0, description: 'conflicts retried or dismissed (dry run: that would be)' }),
    byCode: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: 'the same count per conflict code' }),
  },
  { $id: 'ConflictBulkResult', description: 'what a bulk retry, dismiss or flow action did, or would do' },
);
export type ConflictBulkResultT = Static<typeof ConflictBulkResult>;
