/**
 * What the API needs from the rest of the connector, as narrow services. Routes only validate, call and shape;
 * the services (wired in `app/`) own the database and the jobs. Tests and the OpenAPI generator pass their own.
 */
import type { Static } from 'typebox';
import type { Metrics } from '../observability/metrics.ts';
import type {
  AuditEntryViewT,
  BackendCreateBody,
  BackendSettingsPatch,
  BackendView,
  ConflictResolve,
  ConflictSummaryT,
  ConflictViewT,
  OrderSyncState,
  OrderViewT,
  SyncRunViewT,
} from './schemas.ts';

export interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SetupReportView {
  ok: boolean;
  created: Array<{ what: string; erpModel: string; erpId: number }>;
  found: Array<{ what: string; erpModel: string; erpId: number }>;
  problems: Array<{ code: string; message: string }>;
}

export interface ApiDeps {
  version: string;
  metrics: Metrics;
  pingDatabase(): Promise<boolean>;
  backends: {
    list(): Promise<BackendView[]>;
    get(id: number): Promise<BackendView | null>;
    create(body: BackendCreateBody, actor: string): Promise<BackendView>;
    /** `actor`: who asks (the audit log's), `actorOf(req)`. */
    updateSettings(id: number, patch: Static<typeof BackendSettingsPatch>, actor: string): Promise<BackendView | null>;
    runSetup(id: number, actor: string): Promise<SetupReportView>;
    requestSweep(id: number): Promise<{ queued: boolean }>;
  };
  /** Disable, enable and (soft) delete a backend; null / false when there is no such (live) backend. */
  backendLifecycle: {
    setEnabled(id: number, enabled: boolean, actor: string): Promise<BackendView | null>;
    remove(id: number, actor: string): Promise<boolean>;
  };
  auditLog: {
    list(q: { backendId?: number; limit: number; cursor?: string }): Promise<PageOf<AuditEntryViewT>>;
  };
  orders: {
    list(
      backendId: number,
      q: { state?: Static<typeof OrderSyncState>; limit: number; cursor?: string },
    ): Promise<PageOf<OrderViewT>>;
    get(backendId: number, amazonOrderId: string): Promise<OrderViewT | null>;
    /** Records the request and enqueues its job; null when the backend does not exist. */
    resync(backendId: number, amazonOrderId: string): Promise<{ queued: boolean; runId: number; correlationId: string } | null>;
  };
  conflicts: {
    list(q: { backendId?: number; status?: string; limit: number; cursor?: string }): Promise<PageOf<ConflictSummaryT>>;
    get(id: number): Promise<ConflictViewT | null>;
    resolve(id: number, body: Static<typeof ConflictResolve>, actor: string): Promise<ConflictViewT | null>;
  };
  runs: {
    list(q: { backendId?: number; correlationId?: string; limit: number; cursor?: string }): Promise<PageOf<SyncRunViewT>>;
    get(id: number): Promise<SyncRunViewT | null>;
  };
}
