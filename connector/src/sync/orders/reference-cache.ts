/**
 * The orders flow's reference data per backend (countries, states, company rounding, service products, marketplace
 * and tax tables, mapping rows, products found by internal reference), kept a minute. One cache per process,
 * created where the process is assembled and passed in (no module state): whoever hears of a backend change (the
 * flow's `onBackendChanged`, a resync asked by a person) calls `forget`.
 */
import type { StoredMappingRule } from '../../core/mapper/index.ts';
import type { TaxRow } from './mapping/tax-table.ts';
import type { MarketplaceSettings, ServiceProducts, TaxRoundingMethod } from './mapping/order-map-context.ts';

/** What the order mapping reads of a backend besides its orders' SKUs. */
export interface OrderReference {
  loadedAt: number;
  countryIdByCode: Map<string, number>;
  stateIds: Map<string, number>;
  roundingMethod: TaxRoundingMethod;
  serviceProducts: ServiceProducts;
  marketplaces: Map<string, MarketplaceSettings>;
  taxes: TaxRow[];
  rules: StoredMappingRule[];
  lookups: Record<string, Record<string, unknown>>;
  /** Internal reference -> ERP product id found so far (positive results only: a new product is picked up at once). */
  productByCode: Map<string, number>;
}

export interface ReferenceCache {
  /** The backend's reference data, loaded with `load` when missing or older than the cache's lifetime. */
  get(backendId: number, load: () => Promise<OrderReference>): Promise<OrderReference>;
  /** Drops one backend's data (after its set-up or mappings changed), or every backend's. */
  forget(backendId?: number): void;
}

/** A reference cache whose entries live `ttlMs` (default a minute); create one per process. */
export function createReferenceCache(ttlMs = 60_000): ReferenceCache {
  const entries = new Map<number, OrderReference>();
  return {
    async get(backendId, load) {
      const hit = entries.get(backendId);
      if (hit && Date.now() - hit.loadedAt < ttlMs) return hit;
      const fresh = await load();
      entries.set(backendId, fresh);
      return fresh;
    },
    forget(backendId) {
      if (backendId === undefined) entries.clear();
      else entries.delete(backendId);
    },
  };
}
