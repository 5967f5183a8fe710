/**
 * What a person's approval does (API): one drift row, or every open row of a pool, applied under the pool's lock
 * (waiting a few seconds for a snapshot in progress). Codes: FBA_DRIFT_NOT_FOUND, FBA_DRIFT_NOT_OPEN (applied or
 * superseded already: approving twice applies once), FBA_DRIFT_STALE (the ERP moved since the snapshot: a new
 * snapshot is queued), FBA_STOCK_POOL_BUSY.
 */
import { PermanentError, RetryableError } from '../../../core/errors.ts';
import { goLiveOfFlow } from '../../frame/flow.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { fbaStockGoLive } from '../fba-stock.payloads.ts';
import { locationStockGateway } from '../erp/location-stock.gateway.ts';
import { withPoolLock } from '../pool-lock.ts';
import { applyUnderLock, type ApplyOutcome } from './apply-drift.ts';
import { driftById, listDrift, type DriftRow } from './drift-store.ts';

const LOCK_WAIT_MS = 5_000;

/** A backend whose fba-stock flow runs dry writes nothing to the ERP, approved or not. */
async function refuseDryRun(env: Pick<TaskEnv, 'core'>, backendId: number): Promise<void> {
  const settings = (await env.core.backends.get(backendId)).settings;
  if (goLiveOfFlow(fbaStockGoLive, settings).dryRun) {
    throw new PermanentError('DRY_RUN', `the fba-stock flow runs dry for backend ${backendId}: nothing is applied to the ERP`, { backendId });
  }
}

/** Applies drift row `id` of `backendId` for `actor`; returns the row as applied. */
export async function approveDrift(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, id: number, actor: string): Promise<DriftRow> {
  const row = await driftById(env.db.pool, backendId, id);
  if (!row) throw new PermanentError('FBA_DRIFT_NOT_FOUND', `drift row ${id} does not exist for backend ${backendId}`, { backendId, id });
  if (row.state !== 'open') throw new PermanentError('FBA_DRIFT_NOT_OPEN', `drift row ${id} is ${row.state}`, { id, state: row.state });
  await refuseDryRun(env, backendId);
  const gw = locationStockGateway((await env.runtimes.get(backendId)).erp);
  const r = await withPoolLock(env.core, backendId, row.pool, (lock) => applyUnderLock(env, gw, lock, id, backendId, actor), LOCK_WAIT_MS);
  if (!r) throw new RetryableError('FBA_STOCK_POOL_BUSY', `pool ${row.pool} is being compared or applied: try again`, { pool: row.pool });
  if (r.outcome === 'stale') throw new PermanentError('FBA_DRIFT_STALE', `the ERP quantity of product ${row.productId} changed since the snapshot; a new snapshot is queued`, { id });
  if (r.outcome === 'not_open') throw new PermanentError('FBA_DRIFT_NOT_OPEN', `drift row ${id} is ${r.row?.state ?? 'gone'}`, { id });
  return r.row!;
}

/** Applies every open row of `pool`; returns what became of each. */
export async function approvePool(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, pool: string, actor: string): Promise<Array<{ id: number; outcome: ApplyOutcome }>> {
  await refuseDryRun(env, backendId);
  const r = await withPoolLock(env.core, backendId, pool, async (lock) => {
    const open = await listDrift(env.db.pool, backendId, { pool, state: 'open', limit: 100_000 });
    if (!open.length) return [];
    const gw = locationStockGateway((await env.runtimes.get(backendId)).erp);
    const out: Array<{ id: number; outcome: ApplyOutcome }> = [];
    for (const row of open.reverse()) out.push({ id: row.id, outcome: (await applyUnderLock(env, gw, lock, row.id, backendId, actor)).outcome });
    return out;
  }, LOCK_WAIT_MS);
  if (!r) throw new RetryableError('FBA_STOCK_POOL_BUSY', `pool ${pool} is being compared or applied: try again`, { pool });
  return r;
}
