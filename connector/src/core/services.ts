/**
 * Wires the core pieces over one opened database, so the API, the worker and the CLI build them the same way.
 * Locks get their own small pool: a held lock keeps its connection until released, and must never starve the
 * pool that the binder and the step log use.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { createAuditLog, type AuditLog } from './audit/index.ts';
import { createBackendService, type BackendService, type BackendSettingsModel, type ErpUrlPolicy } from './backend/index.ts';
import { createBinder, type Binder } from './binding/binder.ts';
import { createDocumentStore, type DocumentStore } from './documents/index.ts';
import { createRecordStateStore, type RecordStateStore } from './record-state/index.ts';
import { createConflictService, type ClassifyConflict, type ConflictService, type OnResolved } from './conflict/index.ts';
import type { Keyring } from './crypto.ts';
import type { RetainedDocuments, RetainedRows } from './retention/index.ts';
import { createCursorStore, type CursorStore } from './cursor-store.ts';
import { createLocker, type Locker } from './lock.ts';
import { createLookupStore, type LookupStore, type LookupTableSpec } from './lookup/index.ts';
import { createMappingRuleStore, type MappingRuleStore } from './mapper/index.ts';
import { createPgQuotaGate, type QuotaGate } from './rate-limit/index.ts';
import { createSecretStore, type SecretStore } from './secret-store.ts';
import type { Queryable } from './sql.ts';
import { createRunLog, type RunLog } from './workflow/index.ts';
import { withSessionLock } from './session-lock.ts';
import { createWebhookSecrets, DEFAULT_CHANGE_FEED, type ChangeFeedOptions, type WebhookSecrets } from './change-feed/index.ts';
import { createAuthRefusalStore, createFlowHealthStore, type AuthRefusalStore, type FlowHealthStore } from './health/index.ts';

export interface CoreServices {
  backends: BackendService;
  /** The composed settings model every backend is read and written with. */
  settings: BackendSettingsModel;
  audit: AuditLog;
  secrets: SecretStore;
  binder: Binder;
  locker: Locker;
  quota: QuotaGate;
  conflicts: ConflictService;
  runs: RunLog;
  /** Each flow's progress, failure and stall, per backend. */
  health: FlowHealthStore;
  /** Remotes that refused a backend's credentials (AMAZON_AUTH_FAILED), until new ones are stored. */
  authRefusals: AuthRefusalStore;
  lookups: LookupStore;
  mappingRules: MappingRuleStore;
  /** The flows' documents the retention prune may delete (what each flow declares). */
  retainedDocuments: readonly RetainedDocuments[];
  /** The flows' own dated rows the retention prune deletes once older than the flow reads. */
  retainedRows: readonly RetainedRows[];
  /** What the flows fetched, PII sealed apart (a flow wraps `documents.of(itsKind)` in a typed store). */
  documents: DocumentStore;
  /** Where each record of each flow stands. */
  states: RecordStateStore;
  /** Each flow's sweep position per backend. */
  cursors: CursorStore;
  /** The ERP change feed's settings (public URL, pace) and the backends' webhook secrets. */
  changeFeed: ChangeFeedConfig & { secrets: WebhookSecrets };
  keyring: Keyring;
  /** The database's pool, for the flows' own single-statement writes. */
  pool: pg.Pool;
  /** Ends the lock pool (the database itself is closed by its owner). */
  close(): Promise<void>;
}

/** What core needs of the opened database (db/'s Database is one): core never imports db/, db/ imports core. */
export interface CoreDatabase {
  /** The URL it was opened with (the lock pool connects with it). */
  url: string;
  /** A fresh EntityManager per unit of work. */
  em(): EntityManager;
  /** Raw SQL for hot paths. */
  pool: pg.Pool;
}

/** The ERP change feed's process-wide settings (config); the poll interval is per backend (`changeFeed`). */
export interface ChangeFeedConfig {
  /** Where the ERP's webhooks reach this connector; null: polling alone, no rule installed. */
  publicUrl: string | null;
  /** How long a rotated webhook secret is still accepted. */
  secretGraceSeconds: number;
  feed: Omit<ChangeFeedOptions, 'pollSeconds'>;
}

export interface CoreOptions {
  /** The backend settings model: core's namespaces and the flows' (core lists no flow itself). */
  settings: BackendSettingsModel;
  /** Which ERP URLs backends may use (default: no link-local or metadata address). */
  erpUrls?: ErpUrlPolicy;
  /** Runs in the transaction that enables a backend again (schedule its sweep, re-enqueue what waited). */
  onBackendEnabled?: (backendId: number, tx: Queryable) => Promise<void>;
  /** Runs in the transaction that creates a backend (queue its set-up). */
  onBackendCreated?: (backendId: number, tx: Queryable) => Promise<void>;
  /** Locks held at once by this process (one connection each); default 4, e.g. the worker concurrency. */
  lockConnections?: number;
  /** The conflict re-run hook (enqueue a job in the resolving transaction). */
  onConflictResolved?: OnResolved;
  /** How urgent a raised conflict is (money, deadline): the app answers from the flows' declarations. */
  classifyConflict?: ClassifyConflict;
  /** The mapping targets each flow declares, by flow name: mapping rules are checked against them. */
  mappingTargets?: Readonly<Record<string, readonly string[]>>;
  /** The lookup tables the flows declare (value schemas; binding-backed ones such as sku_map). */
  lookupTables?: readonly LookupTableSpec[];
  /** The flows' fetched documents the retention prune may delete once their record is done. */
  retainedDocuments?: readonly RetainedDocuments[];
  /** The flows' own dated rows the retention prune deletes once older than the flow reads. */
  retainedRows?: readonly RetainedRows[];
  /** The ERP change feed (default: no public URL, look-back 0). */
  changeFeed?: Partial<Omit<ChangeFeedConfig, 'feed'>> & { feed?: Partial<ChangeFeedConfig['feed']> };
}

/** Builds every core service over `db`, sealing secrets and PII with `keyring`. */
export function createCoreServices(db: CoreDatabase, keyring: Keyring, options: CoreOptions): CoreServices {
  const lockPool = new pg.Pool({ connectionString: db.url, max: options.lockConnections ?? 4, idleTimeoutMillis: 30_000 });
  lockPool.on('error', () => {});
  const secrets = createSecretStore(db.em, keyring);
  return {
    backends: createBackendService(db.em, secrets, {
      settings: options.settings,
      ...(options.erpUrls ? { erpUrls: options.erpUrls } : {}),
      ...(options.onBackendEnabled ? { onEnabled: options.onBackendEnabled } : {}),
      ...(options.onBackendCreated ? { onCreated: options.onBackendCreated } : {}),
    }),
    settings: options.settings,
    audit: createAuditLog(db.pool),
    secrets,
    binder: createBinder(db.pool),
    locker: createLocker(lockPool),
    quota: createPgQuotaGate(db.pool),
    conflicts: createConflictService(db.pool, {
      ...(options.onConflictResolved ? { onResolved: options.onConflictResolved } : {}),
      ...(options.classifyConflict ? { classify: options.classifyConflict } : {}),
    }),
    runs: createRunLog(db.pool),
    health: createFlowHealthStore(db.pool),
    authRefusals: createAuthRefusalStore(db.pool),
    lookups: createLookupStore(db.pool, { tables: options.lookupTables ?? [] }),
    mappingRules: createMappingRuleStore(db.pool, options.mappingTargets ? { targets: options.mappingTargets } : {}),
    documents: createDocumentStore(db.pool, keyring),
    states: createRecordStateStore(db.pool),
    cursors: createCursorStore(db.pool),
    changeFeed: {
      publicUrl: options.changeFeed?.publicUrl ?? null,
      secretGraceSeconds: options.changeFeed?.secretGraceSeconds ?? 3600,
      feed: {
        lookBackSeconds: DEFAULT_CHANGE_FEED.lookBackSeconds,
        overlapSeconds: DEFAULT_CHANGE_FEED.overlapSeconds,
        batch: DEFAULT_CHANGE_FEED.batch,
        ...options.changeFeed?.feed,
      },
      secrets: createWebhookSecrets(secrets, (key, fn) => withSessionLock(db.pool, key, fn)),
    },
    keyring,
    retainedDocuments: options.retainedDocuments ?? [],
    retainedRows: options.retainedRows ?? [],
    pool: db.pool,
    close: () => lockPool.end(),
  };
}
