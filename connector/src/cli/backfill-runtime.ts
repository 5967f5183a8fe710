/**
 * The runtime a backfill sweeps with: the backend's own, except that the SP-API adapter waits as long as the
 * quota requires. The workers' adapter gives a call back after two minutes (the job is retried later), but a
 * backfill in one process would lose its pagination token that way: at the documented searchOrders rate each
 * page past the burst waits about three minutes, so here a call waits for its token (Ctrl-C stops it).
 */
import { amazonAdapterOf } from '../amazon/backend-adapter.ts';
import type { BackendRuntime, RuntimeProvider } from '../sync/frame/backend-runtime.ts';
import type { CliEnv } from './cli-io.ts';

/** Longest wait for one searchOrders token: a day, i.e. effectively "as long as it takes". */
export const BACKFILL_MAX_QUOTA_WAIT_MS = 24 * 3600_000;

/**
 * A provider over `env.runtimes` whose runtime for `backendId` has the patient adapter and, when given,
 * `pageSize` as the backend's page size. Close it to release the adapter.
 */
export async function backfillRuntimes(env: CliEnv, backendId: number, pageSize: number | null): Promise<RuntimeProvider> {
  const base = await env.runtimes.get(backendId);
  const creds = await env.core.backends.credentials(backendId);
  const amazon = amazonAdapterOf(base.backend, creds, {
    gate: env.core.quota,
    endpoint: env.config.amazonEndpoint,
    maxQuotaWaitMs: BACKFILL_MAX_QUOTA_WAIT_MS,
  });
  // --page-size applies to this backfill only, through the same validated model as a settings change.
  const settings = pageSize === null ? base.backend.settings : env.core.settings.apply(base.backend.settings, { orders: { pageSize } });
  const runtime: BackendRuntime = { ...base, backend: { ...base.backend, settings }, amazon };
  return {
    async get(id) {
      return id === backendId ? runtime : env.runtimes.get(id);
    },
    invalidate: (id) => env.runtimes.invalidate(id),
    async close() {
      amazon.close();
    },
  };
}
