/**
 * One snapshot of one pool (workflow): Amazon's listing read in full (fetch-pool-summaries), the pool's ERP
 * quantities and the pending documents read, compared (compare-stock), then stored with the drift rows in one
 * transaction, and the drift the backend's limits allow applied at once. All under the pool's lock, so a count is
 * only ever applied against the figures just read. Steps and their undo: the reads have none to undo; the store is
 * one transaction; an applied count is absolute (recovered forward by apply-drift, never undone).
 */
import { withTransaction } from '../../../core/tx.ts';
import { goLiveOfFlow } from '../../frame/flow.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { fbaStockGoLive } from '../fba-stock.payloads.ts';
import { fbaSettings, poolLocations, poolsOf, poolStockGateway, productsOfSkus } from '../../fba/index.ts';
import { autoApplies, compareStock, type ProductInput } from '../compare/compare-stock.ts';
import { pendingShippedUnits } from '../compare/pending-shipments.ts';
import { applyUnderLock } from '../drift/apply-drift.ts';
import { replaceDrift } from '../drift/drift-store.ts';
import { locationStockGateway } from '../erp/location-stock.gateway.ts';
import { fbaStockSettings } from '../fba-stock.settings.ts';
import { withPoolLock } from '../pool-lock.ts';
import { fetchPoolSummaries } from './fetch-pool-summaries.ts';
import { replacePoolStock, rowOf, type StockRow } from './stock-store.ts';

export type SnapshotResult =
  | { pool: string; state: 'done'; skus: number; unmappedSkus: number; pages: number; restarts: number; drift: number; autoApplied: number }
  | { pool: string; state: 'not_ready' | 'busy' | 'not_a_pool' };

/** Snapshots `pool` of `backendId` and reports drift (see the file's comment). */
export async function takeSnapshot(env: TaskEnv, backendId: number, pool: string, signal?: AbortSignal): Promise<SnapshotResult> {
  const rt = await env.runtimes.get(backendId);
  const marketplaceIds = poolsOf(fbaSettings.of(rt.backend.settings).pools ?? {}, rt.backend.marketplaceIds).pools.get(pool);
  if (!marketplaceIds?.length) return { pool, state: 'not_a_pool' };
  const loc = await poolLocations(env.core.binder, backendId, pool);
  // Before the seed the ERP warehouse holds nothing to compare with (the fba flow seeds it from the same listing).
  if (!loc?.seeded) return { pool, state: 'not_ready' };
  const done = await withPoolLock(env.core, backendId, pool, async (lock) => {
    // Pan-EU: every EU marketplace answers the pooled figures; one call sequence per pool.
    const listing = await fetchPoolSummaries(rt.amazon.fbaInventory, marketplaceIds[0]!, signal ? { signal } : {});
    const takenAt = new Date();
    const rows = listing.summaries.map((s) => rowOf(pool, s, takenAt)).filter((r): r is StockRow => r !== null);
    const pending = await pendingShippedUnits(env.db.pool, backendId, marketplaceIds, new Date(loc.seeded!.seededAt));
    const productOf = await productsOfSkus(env.core, poolStockGateway(rt.erp), backendId, [...rows.map((r) => r.sellerSku), ...pending.keys()]);
    const gw = locationStockGateway(rt.erp);
    const erp = await gw.quantitiesIn([loc.stockLocationId, loc.unsellableLocationId]);
    const ordersRead = await env.core.cursors.get(backendId, 'orders');
    const products = new Map<number, ProductInput>();
    const input = (productId: number): ProductInput => {
      let p = products.get(productId);
      if (!p) {
        p = { productId, skus: [], pendingShipped: 0, erpStock: Math.round(erp.get(loc.stockLocationId)?.get(productId) ?? 0),
          erpUnsellable: Math.round(erp.get(loc.unsellableLocationId)?.get(productId) ?? 0) };
        products.set(productId, p);
      }
      return p;
    };
    let unmapped = 0;
    for (const r of rows) {
      const id = productOf.get(r.sellerSku);
      if (id === undefined) unmapped++;
      else (input(id).skus as StockRow[]).push(r);
    }
    for (const [sku, units] of pending) {
      const id = productOf.get(sku);
      if (id !== undefined) input(id).pendingShipped += units;
    }
    // ERP stock of products Amazon does not list (or no SKU maps to) is drift too.
    for (const byProduct of erp.values()) for (const [id, q] of byProduct) if (Math.round(q) !== 0) input(id);
    const lines = compareStock([...products.values()], { ordersReadUntil: ordersRead?.lastUpdatedAfter ?? null }).map((l) => ({
      ...l, locationId: l.location === 'stock' ? loc.stockLocationId : loc.unsellableLocationId,
    }));
    const drift = await withTransaction(env.db.pool, async (tx) => {
      await replacePoolStock(tx, backendId, pool, { marketplaceId: marketplaceIds[0]!, takenAt, restarts: listing.restarts }, rows);
      return replaceDrift(tx, backendId, pool, takenAt, lines);
    });
    const limits = fbaStockSettings.of(rt.backend.settings);
    // A dry run reports drift and writes nothing to the ERP.
    const dryRun = goLiveOfFlow(fbaStockGoLive, rt.backend.settings).dryRun;
    let autoApplied = 0;
    for (const row of dryRun ? [] : drift.filter((d) => autoApplies(d, limits))) {
      if ((await applyUnderLock(env, gw, lock, row.id, backendId, 'system:fba-stock')).outcome === 'applied') autoApplied++;
    }
    return { pool, state: 'done' as const, skus: rows.length, unmappedSkus: unmapped, pages: listing.pages, restarts: listing.restarts, drift: drift.length, autoApplied };
  });
  return done ?? { pool, state: 'busy' };
}
