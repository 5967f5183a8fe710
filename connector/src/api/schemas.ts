/**
 * The API's data shapes (TypeBox): validated on the way in, documented in the OpenAPI document, and the source of
 * the admin UI's types. Money is a decimal string with its currency beside it, never a float.
 */
import { Type, type Static, type TObject } from 'typebox';
import { BACKEND_NAME_PATTERN, MARKETPLACE_ID_PATTERN, SELLER_ID_PATTERN } from '../core/backend/backend-record.ts';
import type { BackendSettings as SettingsT } from '../core/backend/settings/index.ts';

/** PostgreSQL `integer` (backends) and the ids JavaScript holds exactly (`bigint` rows: conflicts, runs). */
export const INT4_MAX = 2_147_483_647;
export const BackendId = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: 'a backend id' });
export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IsoTime = Type.String({ format: 'date-time' });
/** A multi-company Odoo's company the backend works in (res.company id): every ERP call carries it. */
export const ErpCompanyId = Type.Integer({ minimum: 1, maximum: INT4_MAX, description: "the ERP company (res.company id) the backend works in; every ERP call carries it as allowed_company_ids" });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const Money = Type.Object(
  { amount: Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' }), currency: Type.String({ minLength: 3, maxLength: 3 }) },
);

/**
 * A backend's settings as stored and shown: one object per namespace (core's and each flow's), all keys set. The
 * schema is the composed settings model's, given to the server (`ApiDeps.settings`) and registered under this id.
 */
export const BackendSettings = Type.Unsafe<SettingsT>({ $ref: 'BackendSettings#' });
/**
 * A settings change: any namespaces and keys of BackendSettings, merged per namespace (JSON merge patch): `null`
 * removes a key (a rate override) or resets it to its default. Unknown keys are refused.
 */
export type SettingsPatchT = Readonly<Record<string, Readonly<Record<string, unknown>>>>;
/** The settings change schema of the composed model, inline (request bodies are checked without $ref). */
export const settingsPatch = (patchSchema: TObject) => Type.Unsafe<SettingsPatchT>(patchSchema);

/** One flow's records of a backend by state (the flow's `status.counts`), e.g. `{ imported: 40, waiting: 2 }`. */
export const FlowCounts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), { description: "a flow's records by state" });

export const BackendSyncState = Type.Object({
  cursor: Nullable(IsoTime),
  lastSweepAt: Nullable(IsoTime),
  lastSweepStatus: Nullable(Type.String()),
  ordersImported: Type.Integer({ deprecated: true, description: 'kept for compatibility: flows.orders.imported' }),
  ordersWaiting: Type.Integer({ deprecated: true, description: 'kept for compatibility: flows.orders waiting + queued' }),
  openConflicts: Type.Integer(),
  failedRecords: Type.Integer({ description: 'records of every flow in state failed' }),
  flows: Type.Record(Type.String(), FlowCounts, {
    description: "each flow's records by state, by flow name (`orders`: imported, waiting, queued, conflict, failed...)",
  }),
});

const FlowStateT = Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('stalled')]);

/** How the backend's flows are doing: the worst flow's state, code and message, and each flow. */
export const BackendHealth = Type.Object({
  state: FlowStateT,
  code: Nullable(Type.String({ description: 'the failure (ERP_AUTH_FAILED...) or FLOW_STALLED' })),
  message: Nullable(Type.String()),
  since: Nullable(IsoTime),
  flows: Type.Array(
    Type.Object({
      flow: Type.String(),
      state: FlowStateT,
      code: Nullable(Type.String()),
      message: Nullable(Type.String()),
      since: Nullable(IsoTime),
      lastProgressAt: Nullable(IsoTime),
      expectedIntervalSeconds: Type.Integer(),
    }),
  ),
});
export type BackendHealthT = Static<typeof BackendHealth>;

/** A secret of a backend: stored or not. */
const SecretState = Type.Union([Type.Literal('set'), Type.Literal('not_set')]);

/** Whether each secret is stored; the values never leave the connector. */
export const BackendSecrets = Type.Object(
  {
    amazonClientSecret: SecretState,
    amazonRefreshToken: SecretState,
    erpApiKey: SecretState,
    erpPassword: SecretState,
    erpLogin: Nullable(Type.String({ description: 'the ERP login (not a secret); null: an API key alone' })),
  },
  { description: 'set / not set per secret, never a value (in the list too: kept beside the backend, nothing decrypted per row)' },
);
export type BackendSecretsT = Static<typeof BackendSecrets>;

export const Backend = Type.Object(
  {
    id: BackendId,
    name: Type.String(),
    amazon: Type.Object({
      region: Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')]),
      sellerId: Type.String(),
      marketplaceIds: Type.Array(Type.String()),
    }),
    erp: Type.Object({
      url: Type.String(),
      database: Type.String(),
      version: Nullable(Type.String()),
      companyId: Nullable(ErpCompanyId),
    }),
    settings: BackendSettings,
    /** False while disabled: neither swept nor imported, its pending jobs do nothing. */
    enabled: Type.Boolean(),
    state: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
    sync: BackendSyncState,
    health: BackendHealth,
    /** When its ERP set-up last went through; null: not yet, and its flows wait for it (its health says why). */
    setUpAt: Nullable(IsoTime),
    createdAt: IsoTime,
    secrets: Type.Optional(BackendSecrets),
  },
  { $id: 'Backend' },
);
export type BackendView = Static<typeof Backend>;

/** The seller's authorisation of the connector's app: given at creation, replaced when Amazon refuses it. */
export const amazonCredentialFields = {
  lwaClientId: Type.String({ minLength: 1 }),
  lwaClientSecret: Type.String({ minLength: 1, writeOnly: true }),
  refreshToken: Type.String({ minLength: 1, writeOnly: true }),
};

/** A new backend; its `settings` is a change of the defaults, checked against the composed model's patch schema. */
export const backendCreate = (patchSchema: TObject) => Type.Object({
  name: Type.String({ pattern: BACKEND_NAME_PATTERN, maxLength: 64, description: 'letters, digits, space . _ -; at most 64 characters' }),
  amazon: Type.Object({
    region: Type.Union([Type.Literal('na'), Type.Literal('eu'), Type.Literal('fe')]),
    sellerId: Type.String({ pattern: SELLER_ID_PATTERN, maxLength: 64 }),
    marketplaceIds: Type.Array(Type.String({ pattern: MARKETPLACE_ID_PATTERN }), { minItems: 1 }),
    ...amazonCredentialFields,
    // Absent: the seller authorises later with "Connect with Amazon" (POST /backends/{id}/amazon-authorization).
    refreshToken: Type.Optional(amazonCredentialFields.refreshToken),
  }, { additionalProperties: false }),
  erp: Type.Object({
    url: Type.String({ minLength: 1 }),
    database: Type.String({ minLength: 1 }),
    apiKey: Type.Optional(Type.String({ minLength: 1, writeOnly: true })),
    login: Type.Optional(Type.String({ minLength: 1 })),
    password: Type.Optional(Type.String({ minLength: 1, writeOnly: true })),
    companyId: Type.Optional(ErpCompanyId),
  }, { additionalProperties: false }),
  settings: Type.Optional(settingsPatch(patchSchema)),
}, { additionalProperties: false, description: 'unknown fields are refused (a misspelt one would otherwise be lost)' });
export type BackendCreateBody = Static<ReturnType<typeof backendCreate>>;

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
  const action = Type.Union(names.map((n) => Type.Literal(n)), { description: ACTION_DESCRIPTION });
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

export const SyncRunView = Type.Object(
  {
    id: Id,
    backendId: BackendId,
    flow: Type.String(),
    trigger: Type.String(),
    status: Type.String({ description: 'queued, running, succeeded, partial, failed, conflict or interrupted' }),
    startedAt: IsoTime,
    finishedAt: Nullable(IsoTime),
    counts: Type.Record(Type.String(), Type.Integer()),
    errorCode: Nullable(Type.String()),
    correlationId: Nullable(Type.String({ description: 'follows one Amazon change from its sweep or request through its jobs' })),
    subject: Nullable(Type.String({ description: 'the one record a requested run is about (a resync: the Amazon order id)' })),
    outcome: Type.Unknown({ description: 'what a requested run came to (a resync: state, ERP order, conflict), else null' }),
    steps: Type.Optional(
      Type.Array(
        Type.Object({
          recordKey: Type.String(),
          step: Type.String(),
          status: Type.String(),
          errorCode: Nullable(Type.String()),
          ms: Type.Integer(),
        }),
      ),
    ),
  },
  { $id: 'SyncRun' },
);
export type SyncRunViewT = Static<typeof SyncRunView>;

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

export const Health = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
      description: 'degraded: the database is down (503), or a backend is not ok (200: the process is up and retrying)',
    }),
    database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
    version: Type.String(),
    authRefused: Type.Optional(
      Type.Array(Type.Object({ backendId: Type.Integer(), code: Type.String(), since: IsoTime }), {
        description: 'backends whose credentials a remote refused (AMAZON_AUTH_FAILED): the process is up, their sync waits for new credentials',
      }),
    ),
    backends: Type.Array(
      Type.Object({
        id: BackendId,
        name: Type.String(),
        state: Type.Union([Type.Literal('failing'), Type.Literal('stalled')]),
        code: Nullable(Type.String({ description: 'why (ERP_UNAVAILABLE, ERP_AUTH_FAILED, FLOW_STALLED...)' })),
        message: Nullable(Type.String()),
        since: Nullable(IsoTime),
      }),
      { description: 'the backends not ok (their set-up or a flow failing or stalled), each with its reason' },
    ),
  },
  { $id: 'Health' },
);

/** An anonymous page schema (prefer a named page in components.ts, which the document names). */
export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
