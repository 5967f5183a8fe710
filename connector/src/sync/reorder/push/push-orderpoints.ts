/**
 * Writes the advice of one backend to the ERP as reordering rules (`stock.warehouse.orderpoint` min/max), once per
 * product in the first counted warehouse's stock location: the rule is the advice's min/max less what Amazon's FBA
 * pools hold (stock-advice.ts: Odoo orders for its own warehouse only). Exactly once: one push per backend at a
 * time (a session advisory lock held across the ERP writes; a second push is LOCK_BUSY and retried), and the
 * gateway looks each rule up before it writes, leaves an unchanged one alone and turns a racing create into an
 * update. A product selling nothing gets no new rule (an existing one is set to 0/0). One audit entry per push
 * that changed something.
 */
import { recordAudit } from '../../../core/audit/index.ts';
import { RetryableError } from '../../../core/errors.ts';
import { LOCK_BUSY_RETRY_MS } from '../../../core/lock.ts';
import type { BackendRecord } from '../../../core/backend/index.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { orderpointGateway, type OrderpointOutcome } from '../erp/orderpoint.gateway.ts';
import { adviceOfBackend } from '../reorder-advice.service.ts';
import { reorderSettings } from '../reorder.settings.ts';
import { stockInputs } from '../stock/stock-inputs.ts';

export const PUSH_ACTOR = 'system:reorder';
const HISTORY_WEEKS = 104;
/** Rules named in the audit entry (the counts are always complete). */
const AUDITED_RULES = 200;

export interface PushResult {
  state: 'pushed' | 'off' | 'no-warehouse';
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

export const pushLockKey = (backendId: number): string => `reorder:push:${backendId}`;

/** Pushes the rules of `backend` (re-read by the caller); does nothing unless `reorder.enabled` and `pushOrderpoints`. */
export async function pushOrderpoints(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backend: BackendRecord, actor = PUSH_ACTOR, now = new Date()): Promise<PushResult> {
  const result: PushResult = { state: 'pushed', created: 0, updated: 0, unchanged: 0, skipped: 0 };
  const r = reorderSettings.of(backend.settings);
  if (!(r.enabled && r.pushOrderpoints)) return { ...result, state: 'off' };
  const session = await env.core.locker.session();
  try {
    if (!(await session.tryLock([pushLockKey(backend.id)])).obtained.length) {
      const e = new RetryableError('LOCK_BUSY', `another push of backend ${backend.id}'s reordering rules is running`);
      e.retryAfterMs = LOCK_BUSY_RETRY_MS;
      throw e;
    }
    const erp = (await env.runtimes.get(backend.id)).erp;
    const src = { db: env.db.pool, binder: env.core.binder, erp, backendId: backend.id, marketplaceIds: backend.marketplaceIds, settings: backend.settings };
    const advice = await adviceOfBackend(env.db.pool, backend.id, backend.settings, { weeks: HISTORY_WEEKS, now, stock: (skus) => stockInputs(src, skus) });
    const gw = orderpointGateway(erp);
    const warehouseId = advice.items.find((i) => i.stock)?.stock?.erp.warehouseIds[0];
    if (warehouseId === undefined) return { ...result, state: advice.items.length ? 'no-warehouse' : 'pushed' };
    const locationId = (await gw.stockLocations([warehouseId])).get(warehouseId);
    if (locationId === undefined) return { ...result, state: 'no-warehouse' };

    const done = new Set<number>();
    const changed: Array<{ productId: number; skus: string[]; min: number; max: number; rule: OrderpointOutcome }> = [];
    for (const item of advice.items) {
      const s = item.stock;
      if (!s || s.productId === null || done.has(s.productId)) continue;
      done.add(s.productId);
      const { min, max } = s.erpOrderpoint;
      if (max === 0 && !(await gw.find(s.productId, locationId))) {
        result.skipped += 1;
        continue;
      }
      // the last moment to find out another push took over (our lock connection died)
      await session.ensureHeld();
      const rule = await gw.upsert({ productId: s.productId, locationId, warehouseId, min, max });
      result[rule.action] += 1;
      if (rule.action !== 'unchanged') changed.push({ productId: s.productId, skus: s.skus, min, max, rule });
    }
    if (changed.length) {
      await recordAudit(env.db.pool, {
        actor, action: 'reorder.orderpoints.push', backendId: backend.id, target: `backend:${backend.id}`,
        after: { warehouseId, locationId, created: result.created, updated: result.updated, unchanged: result.unchanged, rules: changed.slice(0, AUDITED_RULES) },
      });
    }
    return result;
  } finally {
    await session.close();
  }
}
