/**
 * Per-backend runtimes for one process: the ERP client (kept-alive connections, version and dialect detected
 * once) and the SP-API adapter (one LWA token, the shared PostgreSQL quota gate). Connecting twice at once for
 * the same backend is avoided by caching the promise. A runtime is dropped when its backend changes (NOTIFY, see
 * core/backend/backend-changes.ts); the dropped one's connections are closed a little later, so a job still
 * using it finishes its calls.
 */
import { amazonAdapterOf, applyPacing } from '../../amazon/backend-adapter.ts';
import type { ErpUrlPolicy } from '../../core/backend/index.ts';
import type { CoreServices } from '../../core/services.ts';
import { connectOdoo, createErpPacing, erpCallsSettings, type ErpPacing } from '../../erp/index.ts';
import type { Metrics } from '../../observability/metrics.ts';
import { currentJobScope } from '../../observability/job-scope.ts';
import type { BackendRuntime, RuntimeProvider } from './backend-runtime.ts';

export interface RuntimeOptions {
  amazonEndpoint: { host: string; port: number } | null;
  metrics?: Metrics;
  /** ERP connections kept per backend (the worker's concurrency is a good value). */
  erpSockets?: number;
  erpUrls?: ErpUrlPolicy;
  /** How long a dropped runtime's connections stay open for the jobs still using it (default 2 min). */
  retireAfterMs?: number;
  /** The process's ERP pacing; default: one over core's pool (write limits shared by every process). */
  erpPacing?: ErpPacing;
}

export function createRuntimeProvider(core: CoreServices, opts: RuntimeOptions): RuntimeProvider {
  const cache = new Map<number, Promise<BackendRuntime>>();
  // One per process: every backend on the same ERP endpoint shares its batch sizes and its write limit.
  const ownPacing = opts.erpPacing ? null : createErpPacing(dbUrlOf(core) ? { databaseUrl: dbUrlOf(core)! } : {});
  const pacing = opts.erpPacing ?? ownPacing!;
  const retiring = new Set<{ timer: NodeJS.Timeout; close: () => Promise<void> }>();
  const closeRuntime = async (rt: BackendRuntime) => {
    rt.amazon.close();
    await rt.erp.close();
  };

  async function connect(backendId: number): Promise<BackendRuntime> {
    const backend = await core.backends.get(backendId);
    const creds = await core.backends.credentials(backendId);
    const erp = await connectOdoo(
      {
        url: backend.erpUrl,
        database: backend.erpDb,
        ...(creds.erp.apiKey ? { apiKey: creds.erp.apiKey } : {}),
        ...(creds.erp.login ? { login: creds.erp.login } : {}),
        ...(creds.erp.password ? { password: creds.erp.password } : {}),
        maxSockets: opts.erpSockets ?? 8,
        // Every call then carries the backend's company (multi-company Odoo).
        ...(backend.erpCompanyId !== null ? { companyId: backend.erpCompanyId } : {}),
      },
      {
        onCall: (e) => {
          opts.metrics?.erpCalls.inc({ method: `${e.model}.${e.method}`, outcome: e.errorCode ?? 'ok' });
          // The job's logger carries its correlation id: an order can be followed down to its ERP calls.
          currentJobScope()?.log.debug('erp call', { call: `${e.model}.${e.method}`, transport: e.transport, ms: Math.round(e.durationMs), outcome: e.errorCode ?? 'ok' });
        },
        ...(opts.erpUrls ? { urlPolicy: opts.erpUrls } : {}),
        pacing,
        pacingSettings: erpCallsSettings.of(backend.settings),
      },
    );
    // Remember what the ERP said it is, for the API and the admin panel (an explicit setting is kept): the
    // version its dialect speaks (erp/dialect.ts, the one version type).
    const detected = `${erp.dialect.version}` as const;
    if (backend.erpVersion === null) await core.backends.recordErpVersion(backendId, detected);
    const current = backend.erpVersion === null ? { ...backend, erpVersion: detected } : backend;
    const amazon = amazonAdapterOf(current, creds, {
      gate: core.quota,
      endpoint: opts.amazonEndpoint,
      // A sweep page past the burst waits its token (searchOrders: ~3 min at the documented rate) rather than
      // failing and starting its window again.
      maxQuotaWaitMs: 600_000,
      onResponse: (operation, status) => opts.metrics?.amazonCalls.inc({ operation, status: String(status) }),
    });
    return { backend: current, erp, amazon };
  }

  return {
    amazonEndpoint: opts.amazonEndpoint,
    get(backendId) {
      let p = cache.get(backendId);
      if (!p) {
        p = connect(backendId);
        cache.set(backendId, p);
        p.catch(() => cache.delete(backendId));
      }
      return p;
    },
    async invalidate(backendId) {
      const p = cache.get(backendId);
      cache.delete(backendId);
      const rt = await p?.catch(() => null);
      if (!rt) return;
      // Its jobs still running follow the new settings' pacing from now on (a deleted backend: nothing to follow).
      const fresh = await core.backends.get(backendId).catch(() => null);
      if (fresh) applyPacing(rt.amazon, fresh);
      // Jobs may still hold this runtime: its connections close after a grace period, not under their calls.
      const entry = {
        close: async () => {
          clearTimeout(entry.timer);
          retiring.delete(entry);
          await closeRuntime(rt).catch(() => {});
        },
        timer: setTimeout(() => void entry.close(), opts.retireAfterMs ?? 120_000),
      };
      entry.timer.unref();
      retiring.add(entry);
    },
    async close() {
      await Promise.all([...cache.keys()].map((id) => this.invalidate(id)));
      await Promise.all([...retiring].map((r) => r.close()));
      await ownPacing?.close();
    },
  };
}

/** The database the core pool connects to (the write slots' own pool uses it too). */
function dbUrlOf(core: CoreServices): string | undefined {
  return core.pool.options.connectionString;
}
