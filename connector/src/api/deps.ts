/**
 * What the API needs from the rest of the connector, as narrow services, and what the flows add to it (their
 * routes, schemas and error codes; the composed settings model). Routes only validate, call and shape; the services
 * (wired in `app/`) own the database and the jobs. Tests and the OpenAPI generator pass their own services.
 */
import type { Static } from 'typebox';
import type { Metrics } from '../observability/metrics.ts';
import type { ApiFlow, ApiSettingsModel } from './api-parts.ts';
import type { MappingsApi } from './mapping-deps.ts';
import type { BackendConnectionPatchT } from './backend-connection.schemas.ts';
import type { AmazonAuthorizationProgressT, AuthorizationCaller, ConnectionDraftBodyT, ConnectionTestResultT } from './connection.schemas.ts';
import type { AuditEntryViewT } from './audit.schemas.ts';
import type { BackendCreateBody, BackendView, SettingsPatchT } from './backend.schemas.ts';
import type { ConflictBulkResolve, ConflictBulkResultT, ConflictFacetsT, ConflictResolve, ConflictSummaryT, ConflictViewT } from './conflict.schemas.ts';
import type { SyncRunViewT } from './sync-run.schemas.ts';

/**
 * Failed sign-ins per key, each in a window that opens at its first failure (core/panel-users/login-failures.ts
 * over PostgreSQL; api/testing has one in memory). The limits are api/auth/login-throttle.ts's.
 */
export interface LoginFailureCounts {
  /** The windows of `keys` that have not ended, with the seconds they have left. */
  active(keys: readonly string[]): Promise<Array<{ key: string; failures: number; secondsLeft: number }>>;
  /** One more failure for each key, in its open window or a new one of `windowSeconds`. */
  fail(keys: readonly string[], windowSeconds: number): Promise<void>;
  clear(key: string): Promise<void>;
}

/** The conflicts list's filters (each one given must match). */
export interface ConflictListFilter {
  backendId?: number;
  status?: string;
  code?: string;
  kind?: string;
  flow?: string;
  money?: boolean;
}

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SetupReportView {
  ok: boolean;
  created: Array<{ what: string; erpModel: string; erpId: number }>;
  found: Array<{ what: string; erpModel: string; erpId: number }>;
  changed: Array<{ what: string; erpModel: string; erpId: number }>;
  problems: Array<{ code: string; message: string }>;
  retried: { count: number; byCode: Record<string, number> };
  /** The one-click fixes the report offers (sync/frame/setup-fixes.ts). */
  fixes: Array<{ id: string; title: string; description: string; codes: string[] }>;
}

/** A set-up run's options (the body of POST /backends/:id/setup). */
export interface SetupOptionsView {
  /** Consent to create what the ERP lacks for this run; unset: the backend setting erpSetup.createMissing. */
  createMissing?: boolean;
}

export interface ApiDeps {
  version: string;
  metrics: Metrics;
  /** The composed backend settings model (its schemas): the Backend view and the settings routes use it. */
  settings: ApiSettingsModel;
  /** Each flow's routes, schemas and error codes, in the flow list's order. */
  flows: readonly ApiFlow[];
  pingDatabase(): Promise<boolean>;
  /** Backends whose credentials a remote refused (AMAZON_AUTH_FAILED), for /health; the admin API has the details. */
  authRefusals?(): Promise<Array<{ backendId: number; code: string; since: string }>>;
  backends: {
    list(): Promise<BackendView[]>;
    get(id: number): Promise<BackendView | null>;
    create(body: BackendCreateBody, actor: string): Promise<BackendView>;
    /** `actor`: who asks (the audit log's), `actorOf(req)`; `erp`: the ERP company to work in (null: the default one). */
    updateSettings(id: number, patch: SettingsPatchT | undefined, actor: string, erp?: { companyId: number | null }): Promise<BackendView | null>;
    /** Changes the seller account, ERP endpoint or their secrets; the runtimes of the old ones are dropped. Null: no such backend. */
    updateConnection(id: number, patch: BackendConnectionPatchT, actor: string): Promise<BackendView | null>;
    runSetup(id: number, actor: string, options?: SetupOptionsView): Promise<SetupReportView>;
    /** Runs the set-up with the consent of one fix of its report; NOT_FOUND for an unknown fix. */
    applySetupFix(id: number, fixId: string, actor: string): Promise<SetupReportView>;
    requestSweep(id: number): Promise<{ queued: boolean }>;
    /** New Amazon credentials: a standing AMAZON_AUTH_FAILED is cleared and a sweep requested; null when no such backend. */
    replaceAmazonCredentials(id: number, amazon: { lwaClientId: string; lwaClientSecret: string; refreshToken: string }, actor: string): Promise<BackendView | null>;
  };
  /** Disable, enable and (soft) delete a backend; null / false when there is no such (live) backend. */
  backendLifecycle: {
    setEnabled(id: number, enabled: boolean, actor: string): Promise<BackendView | null>;
    remove(id: number, actor: string): Promise<boolean>;
  };
  /** The Connections screen: connection tests and "Connect with Amazon". */
  connections: {
    /** Null when there is no such (live) backend. */
    testBackend(id: number): Promise<ConnectionTestResultT | null>;
    testDraft(body: ConnectionDraftBodyT): Promise<ConnectionTestResultT>;
    /** The consent URL; null when no such backend; AMAZON_AUTHORIZATION_UNAVAILABLE when not configured. */
    startAmazonAuthorization(id: number, caller: AuthorizationCaller): Promise<{ url: string; stateRef: string; expiresAt: string } | null>;
    /** Amazon's redirect: keeps the code for the panel; throws PermanentError with the refusal's code (AUTHORIZATION_STATE_INVALID, ...). */
    receiveAmazonAuthorization(q: { code: string; state: string; sellingPartnerId: string | null }): Promise<void>;
    /** The panel's completion by the session that started it; null when no such backend. */
    completeAmazonAuthorization(id: number, stateRef: string, caller: AuthorizationCaller): Promise<AmazonAuthorizationProgressT | null>;
  };
  auditLog: {
    list(q: { backendId?: number; limit: number; cursor?: string }): Promise<PageOf<AuditEntryViewT>>;
  };
  conflicts: {
    list(q: ConflictListFilter & { sort?: 'urgency' | 'newest'; limit: number; cursor?: string }): Promise<PageOf<ConflictSummaryT>>;
    /** Counts per code, flow and backend of the conflicts the filter selects (open by default). */
    facets(q: ConflictListFilter): Promise<ConflictFacetsT>;
    get(id: number): Promise<ConflictViewT | null>;
    resolve(id: number, body: Static<typeof ConflictResolve>, actor: string): Promise<ConflictViewT | null>;
    /** Retry or dismiss (or count, dry) the open conflicts the body selects; BACKEND_NOT_FOUND / BACKEND_DISABLED. */
    resolveMany(body: Static<typeof ConflictBulkResolve>, actor: string): Promise<ConflictBulkResultT>;
  };
  /** The admin panel's sign-in (api/auth/session.routes.ts). */
  panelAuth: {
    /** The local account whose password this is, or null (as slow for an unknown login as for a wrong password). */
    verifyLogin(login: string, password: string): Promise<{ login: string; name: string; role: string } | null>;
    /** A local account as it is now, or null once removed (a refresh re-reads it: removal or a new role takes effect). */
    localAccount(login: string): Promise<{ login: string; name: string; role: string } | null>;
    /** True the first time an ERP token id is claimed (kept until `expiresAt`), false for a replay. */
    claimTokenId(jti: string, expiresAt: Date): Promise<boolean>;
    /** One audit log entry (sign-ins and exchanges: `actor` is the user's name). */
    audit(entry: { actor: string; action: string; target: string; after?: unknown }): Promise<void>;
    /** The failed sign-in counts the login throttle keeps, shared by every API process (see LoginFailureCounts). */
    loginFailures: LoginFailureCounts;
  };
  runs: {
    list(q: { backendId?: number; correlationId?: string; limit: number; cursor?: string }): Promise<PageOf<SyncRunViewT>>;
    get(id: number): Promise<SyncRunViewT | null>;
  };
  /** The mapping editor: rows, targets, the ERP's fields, the preview, lookup tables (mapping-deps.ts). */
  mappings: MappingsApi;
}
