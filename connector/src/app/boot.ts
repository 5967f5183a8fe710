/**
 * Assembles one connector process from its configuration: the database (migrated), the core services, the
 * per-backend runtimes, and the bootstrapped backend of the environment (created or updated, set up in its ERP,
 * its first sweep scheduled). The API and the worker are started on top by main.ts.
 */
import pino, { type Logger } from 'pino';
import type { Config, BootstrapBackend } from '../config/index.ts';
import { listenForBackendChanges } from '../core/backend/index.ts';
import { createKeyring } from '../core/crypto.ts';
import { createCoreServices, type CoreServices } from '../core/services.ts';
import { openDatabase, runWorkerMigrations, type Database } from '../db/index.ts';
import { createMetrics } from '../observability/metrics.ts';
import { createRuntimeProvider } from '../sync/frame/runtime-provider.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { taskLogger } from '../observability/task-logger.ts';
import { enqueueSetup, setUpBackend } from '../sync/frame/backend-setup.ts';
import { withSessionLock } from '../core/session-lock.ts';
import type { NewBackend } from '../core/backend/index.ts';
import { conflictUrgency } from '../sync/frame/conflict-urgency.ts';
import { assembleCatalogue } from '../api/errors/error-catalogue.ts';
import { rerunConflicts } from '../sync/frame/conflict-rerun.ts';
import { scheduleNextSweep } from '../sync/orders/index.ts';
import { backendSettings } from '../sync/backend-settings.ts';
import { flows } from '../sync/flows.ts';
import { createFlowServices } from '../sync/frame/flow-services.ts';
import { ordersStoredHook } from '../sync/frame/orders-stored.ts';
import { mappingTargetsByFlow } from './flow-list.ts';

export interface Booted extends TaskEnv {
  config: Config;
  logger: Logger;
  close(): Promise<void>;
}

/** Opens everything a connector process needs. */
export async function boot(config: Config, opts: { poolMax?: number } = {}): Promise<Booted> {
  const logger = pino({ level: config.logLevel, base: { service: 'connector' } });
  const db: Database = await openDatabase(config.databaseUrl, { poolMax: opts.poolMax ?? config.worker.concurrency + 6 });
  await runWorkerMigrations(config.databaseUrl);
  const keyring = createKeyring(config.secretKey, config.previousSecretKeys);
  const moneyCodes = assembleCatalogue(flows).moneyCodes;
  const core: CoreServices = createCoreServices(db, keyring, {
    settings: backendSettings,
    erpUrls: config.erpUrls,
    changeFeed: {
      publicUrl: config.changeFeed.publicUrl,
      secretGraceSeconds: config.changeFeed.secretGraceSeconds,
      feed: { lookBackSeconds: config.changeFeed.lookBackSeconds },
    },
    // Enabled again: every flow picks up what it left while the backend was off (the orders flow: sweep now, hand
    // the orders stored meanwhile to new jobs), in the enabling transaction.
    onBackendEnabled: async (backendId, tx) => {
      // Never set up (created, then disabled before its set-up ran): its set-up first, which starts the flows.
      if ((await core.backends.get(backendId)).setUpAt === null) return enqueueSetup(tx, backendId);
      for (const flow of flows) await flow.onBackendEnabled?.(backendId, tx, { db, core });
    },
    // A backend created through the API is set up by a job before any of its flows runs.
    onBackendCreated: (backendId, tx) => enqueueSetup(tx, backendId),
    lockConnections: config.worker.concurrency + 2,
    // Mapping rules may set fields of the models the flows declare, nothing else.
    mappingTargets: mappingTargetsByFlow(),
    // The flows' lookup tables (validated on write; binding-backed ones through the binder).
    lookupTables: flows.flatMap((f) => f.lookupTables ?? []),
    retainedDocuments: flows.flatMap((f) => (f.documents ? [{ flow: f.name, ...f.documents }] : [])),
    retainedRows: flows.flatMap((f) => f.retainedRows ?? []),
    // Resolving a conflict with "retry" re-runs it as the flow that declares its kind says, in the resolving
    // transaction (the orders flow: fetch the order again and re-import it, with a followable run); a bulk retry
    // hands them over together.
    onConflictResolved: (resolved, tx) => rerunConflicts(flows, resolved, tx, { db, core }),
    // Money conflicts (the error catalogue's money codes) and ship-by deadlines (the kinds' dueAtOf), for "most urgent first".
    classifyConflict: (c) => conflictUrgency(flows, moneyCodes, c),
  });
  const metrics = createMetrics();
  // One per process: the flows' caches, each dropped by its flow's hook below when a backend or its mappings change.
  const flowServices = createFlowServices();
  const runtimes = createRuntimeProvider(core, {
    amazonEndpoint: config.amazonEndpoint,
    metrics,
    erpSockets: config.worker.concurrency + 2,
    erpUrls: config.erpUrls,
  });
  // Every process drops what it cached of a backend the moment a change to it commits, wherever it was made.
  const forget = async (backendId: number | null, scope: 'backend' | 'mappings') => {
    const ids = backendId === null ? (await core.backends.list({ includeDeleted: true })).map((b) => b.id) : [backendId];
    for (const id of ids) {
      for (const flow of flows) flow.onBackendChanged?.(id, scope, flowServices);
      // A mapping change needs fresh reference data only, not new connections.
      if (scope === 'backend') await runtimes.invalidate(id);
    }
  };
  const listener = await listenForBackendChanges(config.databaseUrl, forget, {
    onError: (message) => logger.warn({ message }, 'backend change listener: connection lost, reconnecting'),
  });
  return {
    config,
    logger,
    db,
    core,
    runtimes,
    metrics,
    flowServices,
    // The orders flow tells the others of stored orders through this (it may not import the flow list).
    ordersStored: ordersStoredHook(flows, { db, core }),
    log: taskLogger(logger),
    async close() {
      await listener.stop();
      await runtimes.close();
      await core.close();
      await db.close();
    },
  };
}

/**
 * Creates or updates the environment's backend and sets it up in its ERP; returns its id. Race-free (processes
 * booting together: a lock per backend name, and `ensure` itself survives a lost race) and never fatal on the ERP's
 * account: a set-up that fails (ERP unreachable, a 502) leaves the backend degraded in its health with the reason and
 * queues the set-up job, which retries with a capped backoff; the sweep starts once a set-up went through.
 */
export async function bootstrapBackend(env: Booted, b: BootstrapBackend): Promise<number> {
  const actor = { actor: 'boot' };
  return withSessionLock(env.db.pool, `bootstrap:${b.name}`, async () => {
    const backend = await env.core.backends.ensure(backendInputOf(b), actor);
    await env.runtimes.invalidate(backend.id);
    try {
      const report = await setUpBackend(env, flows, backend.id, { ...actor, retrySeconds: env.config.worker.setupRetry.firstSeconds });
      env.logger.info({ backendId: backend.id, created: report.created.length, found: report.found.length, retried: report.retried.count }, 'backend set up');
      for (const p of report.problems) env.logger.warn({ backendId: backend.id, code: p.code }, p.message);
      // Done here: the set-up job its creation queued (or a failed boot's retry) has nothing left to do.
      await env.db.pool.query('select graphile_worker.remove_job($1)', [`setup:${backend.id}`]);
      // Already set up before this boot (its first set-up started the sweep itself): sweep now all the same.
      if (backend.setUpAt) await scheduleNextSweep(env, backend.id, 0);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'INTERNAL';
      const wait = env.config.worker.setupRetry.firstSeconds;
      env.logger.warn({ backendId: backend.id, code, retryInSeconds: wait }, 'backend set-up failed at boot: the process stays up and tries again');
      await enqueueSetup(env.db.pool, backend.id, 2, wait);
    }
    return backend.id;
  });
}

function backendInputOf(b: BootstrapBackend): NewBackend {
  return {
    name: b.name,
    amazonRegion: b.amazon.region,
    sellerId: b.amazon.sellerId,
    marketplaceIds: b.amazon.marketplaceIds,
    erpUrl: b.erp.url,
    erpDb: b.erp.db,
    erpVersion: b.erp.version,
    erpCompanyId: b.erp.companyId,
    settings: b.settings,
    credentials: {
      amazon: { lwaClientId: b.amazon.lwaClientId, lwaClientSecret: b.amazon.lwaClientSecret, refreshToken: b.amazon.refreshToken },
      erp: { apiKey: b.erp.apiKey, login: b.erp.login, password: b.erp.password },
    },
  };
}
