/**
 * The one-time seed of a backend's FBA pools: per pool not seeded yet, Amazon's `getInventorySummaries` snapshot of
 * one of its marketplaces (with Pan-EU every EU marketplace answers the pooled quantities), fulfillable units
 * counted into the pool's Stock and unfulfillable ones into Unsellable (`inventory_quantity` + apply), then the
 * marker in the warehouse binding. Never again after the marker: from then on documents move that stock (FBA
 * orders, returns), and the inventory flow's snapshots only report drift. The counts are absolute, so a seed
 * repeated after a crash between the apply and the marker sets the same quantities; deliveries wait for the
 * marker (deliver/), so no document moved the pool's stock in between.
 */
import type { TaskEnv } from '../../frame/task-env.ts';
import { fbaSettings } from '../fba.settings.ts';
import { poolStockGateway, WAREHOUSE_MODEL, type InventoryCount } from '../erp/pool-stock.gateway.ts';
import { productsOfSkus } from '../erp/sku-products.ts';
import { poolLocations, WAREHOUSE_BINDING, type SeedMarker } from '../pools/pool-bindings.ts';
import { poolsOf } from '../pools/pool-of.ts';
import { withRecordLock } from '../record-lock.ts';

/** Seeds the pools of `backendId` that are set up and not seeded; returns the pools it seeded. */
export async function seedPools(env: TaskEnv, backendId: number): Promise<string[]> {
  const rt = await env.runtimes.get(backendId);
  const { pools } = poolsOf(fbaSettings.of(rt.backend.settings).pools ?? {}, rt.backend.marketplaceIds);
  const seeded: string[] = [];
  for (const [pool, marketplaceIds] of pools) {
    const done = await withRecordLock(env.core, `fba-seed:${backendId}:${pool}`, async (lock) => {
      // Read under the lock: another worker may have seeded it a moment ago.
      const loc = await poolLocations(env.core.binder, backendId, pool);
      if (!loc || loc.seeded) return false;
      const marketplaceId = marketplaceIds[0]!;
      const summaries = await rt.amazon.fbaInventory.allInventorySummaries({ marketplaceId });
      const gw = poolStockGateway(rt.erp);
      const products = await productsOfSkus(env.core, gw, backendId, summaries.map((s) => s.sellerSku ?? ''));
      const perProduct = new Map<number, { sellable: number; unsellable: number }>();
      const unmapped: string[] = [];
      for (const s of summaries) {
        const productId = s.sellerSku ? products.get(s.sellerSku) : undefined;
        if (productId === undefined) {
          if (s.sellerSku) unmapped.push(s.sellerSku);
          continue;
        }
        const q = perProduct.get(productId) ?? { sellable: 0, unsellable: 0 };
        q.sellable += s.inventoryDetails?.fulfillableQuantity ?? 0;
        q.unsellable += s.inventoryDetails?.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0;
        perProduct.set(productId, q);
      }
      const counts: InventoryCount[] = [];
      for (const [productId, q] of perProduct) {
        if (q.sellable > 0) counts.push({ productId, locationId: loc.stockLocationId, quantity: q.sellable });
        if (q.unsellable > 0) counts.push({ productId, locationId: loc.unsellableLocationId, quantity: q.unsellable });
      }
      await lock.ensureHeld();
      await gw.applyCounts(counts);
      const marker: SeedMarker = { seededAt: new Date().toISOString(), marketplaceId, products: perProduct.size, unmappedSkus: unmapped.slice(0, 50) };
      await env.core.binder.bind(backendId, { kind: WAREHOUSE_BINDING, amazonKey: pool, erpModel: WAREHOUSE_MODEL, erpId: loc.warehouseId, state: marker });
      env.log.info('fba pool seeded', { backendId, pool, products: perProduct.size, unmappedSkus: unmapped.length });
      return true;
    });
    if (done) seeded.push(pool);
  }
  return seeded;
}
