/**
 * Applying drift rows to the ERP: the row's absolute count (`targetQty`) set on the product in the pool's location,
 * under the pool's lock, once. The ERP quantity is read first: already the target (an earlier run applied it and
 * died before marking the row) -> only marked; different from what the snapshot saw (a delivery or a person moved
 * it since) -> the row is stale, superseded, and a new snapshot is queued; else the count is applied, then the row
 * marked applied with an audit entry in one transaction.
 */
import { recordAudit } from '../../../core/audit/index.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { LockSession } from '../../../core/lock.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import type { LocationStockGateway } from '../erp/location-stock.gateway.ts';
import { Tasks, type SnapshotPayload } from '../fba-stock.payloads.ts';
import { driftById, markApplied, markSuperseded, type DriftRow } from './drift-store.ts';

export type ApplyOutcome = 'applied' | 'already_applied' | 'stale' | 'not_open';

/**
 * Queues a snapshot of the pool, one pending per pool; `inSeconds` with the earlier run time kept, so a burst of
 * notifications makes one snapshot.
 */
export async function queueSnapshot(db: Queryable, backendId: number, pool: string, inSeconds = 0): Promise<void> {
  await enqueue(db, Tasks.snapshot, { backendId, pool } satisfies SnapshotPayload, {
    jobKey: `fba-stock:${backendId}:${pool}`,
    ...(inSeconds > 0 ? { jobKeyMode: 'preserve_run_at' as const, runAt: new Date(Date.now() + inSeconds * 1000) } : {}),
    queueName: `fba-stock:${backendId}`,
    maxAttempts: 5,
  });
}

/** Applies one open row; the caller holds the pool's lock. */
export async function applyUnderLock(env: Pick<TaskEnv, 'db'>, gw: LocationStockGateway, lock: LockSession, id: number, backendId: number, actor: string): Promise<{ outcome: ApplyOutcome; row: DriftRow | null }> {
  const row = await driftById(env.db.pool, backendId, id);
  if (!row || row.state !== 'open') return { outcome: 'not_open', row };
  const current = Math.round(await gw.quantityOf(row.productId, row.locationId));
  if (current !== row.targetQty && current !== row.erpQty) {
    await markSuperseded(env.db.pool, row.id);
    await queueSnapshot(env.db.pool, backendId, row.pool);
    return { outcome: 'stale', row: { ...row, state: 'superseded' } };
  }
  if (current !== row.targetQty) {
    await lock.ensureHeld();
    await gw.applyCount(row.productId, row.locationId, row.targetQty);
  }
  await withTransaction(env.db.pool, async (tx) => {
    if (!(await markApplied(tx, row.id, actor))) return;
    await recordAudit(tx, {
      actor, action: 'fba-stock.drift.apply', backendId, target: `fba_stock_drift:${row.id}`,
      before: { productId: row.productId, locationId: row.locationId, quantity: row.erpQty },
      after: { quantity: row.targetQty, cause: row.cause, pool: row.pool, skus: row.skus },
    });
  });
  return { outcome: current === row.targetQty ? 'already_applied' : 'applied', row: await driftById(env.db.pool, backendId, row.id) };
}
