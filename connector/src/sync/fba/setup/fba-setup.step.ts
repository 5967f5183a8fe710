/**
 * The fba flow's set-up step: for a backend whose fba flow is on, one ERP warehouse per pool its marketplaces use
 * (pool-warehouse.ts), each under its own lock so two processes setting up at once make it once; then the seed of
 * the pools not seeded yet is queued (it needs Amazon, which the set-up does not call).
 */
import type { FlowSetupStep } from '../../frame/flow.ts';
import { goLiveOf } from '../../../core/backend/settings/index.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import { FBA_FLOW, Tasks, type BackendPayload } from '../fba.payloads.ts';
import { fbaSettings } from '../fba.settings.ts';
import { poolsOf } from '../pools/pool-of.ts';
import { poolLocations } from '../pools/pool-bindings.ts';
import { withRecordLock } from '../record-lock.ts';
import { ensurePoolWarehouse } from './pool-warehouse.ts';

export const fbaSetupStep: FlowSetupStep = {
  name: 'fba-pools',
  async run(ctx) {
    const { backend, core, report } = ctx;
    if (!goLiveOf(backend.settings, FBA_FLOW, false).enabled) return;
    const { pools, unknown } = poolsOf(fbaSettings.of(backend.settings).pools ?? {}, backend.marketplaceIds);
    for (const m of unknown) {
      report.problems.push({ code: 'FBA_POOL_UNKNOWN', message: `Marketplace ${m} has no known FBA pool: set it in the backend setting fba.pools (e.g. {"${m}": "XX"})` });
    }
    let unseeded = 0;
    for (const [pool, marketplaceIds] of pools) {
      await withRecordLock(core, `fba-pool:${backend.id}:${pool}`, () => ensurePoolWarehouse(ctx, pool, marketplaceIds), { wait: true });
      if (!(await poolLocations(core.binder, backend.id, pool))?.seeded) unseeded += 1;
    }
    if (unseeded > 0) {
      await enqueue(core.pool, Tasks.seed, { backendId: backend.id } satisfies BackendPayload, { jobKey: `fba-seed:${backend.id}`, maxAttempts: 10 });
    }
  },
};
