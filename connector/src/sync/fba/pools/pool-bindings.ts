/**
 * Where a backend's FBA pools stand in the ERP, through the Binder: the pool's warehouse (`fba_warehouse`, whose
 * `state` carries the seed marker), its Stock and Unsellable locations (`fba_location`), and each marketplace's
 * pool warehouse (`fba_marketplace`, what the order flow puts on an FBA sale order). The inventory and returns
 * flows read a pool's ids with `poolLocations`.
 */
import type { Binder } from '../../../core/binding/binder.ts';
import type { BackendSettings } from '../../../core/backend/settings/index.ts';
import { fbaSettings } from '../fba.settings.ts';
import { poolOf, type PoolCode } from './pool-of.ts';

export const WAREHOUSE_BINDING = 'fba_warehouse' as const;
export const LOCATION_BINDING = 'fba_location' as const;

export type PoolLocationRole = 'stock' | 'unsellable';
export const locationKey = (pool: PoolCode, role: PoolLocationRole): string => `${pool}:${role}`;

/** What the set-up wrote in the warehouse binding's state once the pool was seeded. */
export interface SeedMarker {
  seededAt: string;
  /** The marketplace whose snapshot seeded it (Pan-EU: any EU one answers the pooled quantities). */
  marketplaceId: string;
  products: number;
  /** SKUs of the snapshot without an ERP product (at most 50 named). */
  unmappedSkus: string[];
}

/** The ERP ids of one pool of a backend. */
export interface PoolLocations {
  pool: PoolCode;
  warehouseId: number;
  stockLocationId: number;
  unsellableLocationId: number;
  /** Seeded from Amazon's snapshot: from then on only documents move its stock. */
  seeded: SeedMarker | null;
}

/** The pool of `marketplaceId` for a backend's settings (its `fba.pools` override, else Amazon's default). */
export function poolOfMarketplace(settings: BackendSettings, marketplaceId: string): PoolCode | undefined {
  return poolOf(fbaSettings.of(settings).pools ?? {}, marketplaceId);
}

/** The ERP ids of `pool` for `backendId`, or null until its set-up ran (or while it is incomplete). */
export async function poolLocations(binder: Binder, backendId: number, pool: PoolCode): Promise<PoolLocations | null> {
  const warehouse = await binder.toErp(backendId, WAREHOUSE_BINDING, pool);
  const locations = await binder.toErpMany(backendId, LOCATION_BINDING, [locationKey(pool, 'stock'), locationKey(pool, 'unsellable')]);
  const stock = locations.get(locationKey(pool, 'stock'));
  const unsellable = locations.get(locationKey(pool, 'unsellable'));
  if (!warehouse || !stock || !unsellable) return null;
  const state = warehouse.state as Partial<SeedMarker> | null;
  return {
    pool,
    warehouseId: warehouse.erpId,
    stockLocationId: stock.erpId,
    unsellableLocationId: unsellable.erpId,
    seeded: state && typeof state.seededAt === 'string' ? (state as SeedMarker) : null,
  };
}
