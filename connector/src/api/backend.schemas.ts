/**
 * A backend as the API shows it (its settings, sync state, health, which secrets are stored) and the body that
 * creates one.
 */
import { Type, type Static, type TObject } from 'typebox';
import { BACKEND_NAME_PATTERN, MARKETPLACE_ID_PATTERN, SELLER_ID_PATTERN } from '../core/backend/backend-record.ts';
import type { BackendSettings as SettingsT } from '../core/backend/settings/index.ts';
import { BackendId, ErpCompanyId, IsoTime, Nullable } from './schemas.ts';

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
