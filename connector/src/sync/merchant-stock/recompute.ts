/**
 * The recompute step: for the SKUs of some products (or every known SKU), the ERP's free quantity in the chosen
 * warehouses (one read per warehouse and 200 products) and the units of open Amazon orders the ERP has not reserved
 * yet (from the stored orders: no Amazon call), planned into desired quantities and saved with a new version where
 * they changed. Reads only; the push sends. No compensation: it writes nothing but our own versioned rows, and a
 * repeat computes the same figures.
 */
import { skuProducts, unreservedOrderUnits } from '../orders/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { freeStockGateway } from './erp/free-stock.gateway.ts';
import { planOffers, sendableSkus } from './mapping/plan-offers.ts';
import { merchantStockSettings } from './merchant-stock.settings.ts';
import { saveDesired } from './store/offer-store.ts';
import { channelsLearnt } from './reconcile/learn-channels.ts';
import { withRecordLock } from './record-lock.ts';

export interface RecomputeResult {
  /** SKUs computed. */
  skus: number;
  /** SKUs whose desired quantity changed (a new version to send). */
  changed: string[];
}

/** Recomputes the desired quantities of the SKUs of `productIds` (all known SKUs when absent). */
export async function recomputeOffers(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, opts: { productIds?: readonly number[]; force?: boolean } = {}): Promise<RecomputeResult> {
  // One recompute per backend at a time: two overlapping ones could save an older ERP reading over a newer one.
  const done = await withRecordLock(env.core, `merchant-stock:recompute:${backendId}`, () => recomputeLocked(env, backendId, opts), { wait: true });
  return done!;
}

async function recomputeLocked(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>, backendId: number, opts: { productIds?: readonly number[]; force?: boolean }): Promise<RecomputeResult> {
  const { backend, erp } = await env.runtimes.get(backendId);
  const settings = merchantStockSettings.of(backend.settings);
  if (opts.productIds && !opts.productIds.length) return { skus: 0, changed: [] };
  const products = await skuProducts(env.db.pool, backendId, opts.productIds);
  // The listing's channels (as the reconciliation last read them): a SKU sold both ways is sent, an FBA-only one
  // never. Read now, once, for a SKU never read without a merchant order to prove its DEFAULT channel (excluded
  // SKUs are not read).
  const excludedSkus = new Set(settings.excludedSkus);
  const channels = await channelsLearnt(env, backendId, products.filter((s) => !excludedSkus.has(s.sku)).map((s) => s.sku), new Set(products.filter((s) => s.lastOrderMerchant).map((s) => s.sku)));
  const skus = products.map((s) => ({ ...s, channels: channels.get(s.sku) ?? null }));
  const sendable = sendableSkus(skus, settings);
  if (!sendable.length) return { skus: 0, changed: [] };
  const gw = freeStockGateway(erp);
  const warehouses = await gw.resolveWarehouses(settings.warehouses.DEFAULT);
  const free = await gw.freeQty([...new Set(sendable.map((s) => s.productId))], warehouses);
  const unreserved = await unreservedOrderUnits(env.db.pool, backendId, skus.map((s) => s.sku));
  const offers = planOffers(skus, free, unreserved, settings);
  const changed = await saveDesired(env.db.pool, backendId, offers, opts.force ?? false);
  return { skus: offers.length, changed };
}
