/**
 * The recompute step: for the SKUs of some products (or every known SKU), the ERP's free quantity in the chosen
 * warehouses (one read per warehouse and 1,000 products) and the units of open Amazon orders the ERP has not reserved
 * yet (from the stored orders: no Amazon call), planned into desired quantities and saved with a new version where
 * they changed, 5,000 products at a time (the next slice read while one is saved). Reads only; the push sends. No
 * compensation: it writes nothing but our own versioned rows, and a repeat computes the same figures.
 */
import { skuProducts, unreservedOrderUnits } from '../orders/index.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { freeStockGateway } from './erp/free-stock.gateway.ts';
import { planOffers, sendableSkus, type SkuOfProduct } from './mapping/plan-offers.ts';
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

/** Products per slice: read, planned and saved one slice at a time, so a whole catalogue never sits in memory at once. */
export const SLICE_PRODUCTS = 5_000;

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
  // Every SKU of a product in the same slice: the unreserved units are summed per product over all its SKUs.
  const skusOf = new Map<number, SkuOfProduct[]>();
  for (const s of skus) {
    const list = skusOf.get(s.productId);
    if (list) list.push(s);
    else skusOf.set(s.productId, [s]);
  }
  const productIds = [...new Set(sendable.map((s) => s.productId))];
  const read = async (slice: readonly number[]) => {
    const sliceSkus = slice.flatMap((p) => skusOf.get(p) ?? []);
    const free = await gw.freeQty(slice, warehouses);
    return { sliceSkus, free, unreserved: await unreservedOrderUnits(env.db.pool, backendId, sliceSkus.map((s) => s.sku)) };
  };
  const result: RecomputeResult = { skus: 0, changed: [] };
  // The next slice is read from the ERP while this one is planned and saved.
  let next: Promise<Awaited<ReturnType<typeof read>>> | null = read(productIds.slice(0, SLICE_PRODUCTS));
  for (let i = 0; next; i += SLICE_PRODUCTS) {
    const { sliceSkus, free, unreserved } = await next;
    const more = i + SLICE_PRODUCTS < productIds.length;
    next = more ? read(productIds.slice(i + SLICE_PRODUCTS, i + 2 * SLICE_PRODUCTS)) : null;
    // A failed save leaves the prefetched read to settle on its own; its rejection is caught here (not unhandled).
    next?.catch(() => {});
    const offers = planOffers(sliceSkus, free, unreserved, settings);
    result.changed.push(...(await saveDesired(env.db.pool, backendId, offers, opts.force ?? false)));
    result.skus += offers.length;
  }
  return result;
}
