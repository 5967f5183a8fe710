/**
 * `reorder:sample-stock`, hourly: each backend's stock per SKU as the connector already holds it, with no Amazon or
 * ERP call: the merchant-stock flow's computed quantity (the ERP's free quantity through its offer rules: what
 * Amazon is told to show) and the fba-stock flow's last snapshot (fulfillable units, summed over the pools). A SKU
 * is at zero when everything known of it sums to 0; the hour goes into the stock-out record (stock-day-store.ts).
 * Not per backend (a loop, like keep-sales) and whatever `reorder.enabled` says: a backend switched on later then
 * has its stock-outs, like its past sales.
 */
import { withTransaction, type ConnectionSource } from '../../../core/tx.ts';
import type { Queryable } from '../../../core/sql.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { storedStock } from '../../fba-stock/index.ts';
import { desiredQuantities } from '../../merchant-stock/index.ts';
import { recordSample } from './stock-day-store.ts';

export interface SampleResult {
  skus: number;
  atZero: number;
}

/** Sellable units per SKU of one backend, from what the merchant-stock and fba-stock flows stored. */
export async function sellableUnits(db: Queryable, backendId: number): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  for (const o of await desiredQuantities(db, backendId)) units.set(o.sku, Math.max(0, o.quantity));
  for (const r of await storedStock(db, backendId, { limit: 1_000_000 })) units.set(r.sellerSku, (units.get(r.sellerSku) ?? 0) + Math.max(0, r.fulfillable));
  return units;
}

/**
 * Samples one backend at `at` (its UTC hour). A backend with no stock figure at all is not marked sampled: an hour
 * that knew nothing must not count towards a day's sampled hours.
 */
export async function sampleBackend(db: Queryable & ConnectionSource, backendId: number, at: Date): Promise<SampleResult> {
  const units = await sellableUnits(db, backendId);
  if (!units.size) return { skus: 0, atZero: 0 };
  const zero = [...units].filter(([, n]) => n === 0).map(([sku]) => sku);
  await withTransaction(db, (tx) => recordSample(tx, backendId, at.toISOString().slice(0, 10), at.getUTCHours(), zero));
  return { skus: units.size, atZero: zero.length };
}

/** Samples every backend; returns what each one had. */
export async function sampleEveryBackend(env: Pick<TaskEnv, 'db' | 'core'>, at = new Date()): Promise<Map<number, SampleResult>> {
  const out = new Map<number, SampleResult>();
  for (const b of await env.core.backends.list()) {
    out.set(b.id, await sampleBackend(env.db.pool, b.id, at));
  }
  return out;
}
