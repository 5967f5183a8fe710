/**
 * The orders flow's reference data per backend (countries, states, company rounding and fiscal country, service
 * products, marketplace, tax and fiscal position tables, mapping rows, products found by internal reference and their sales taxes), kept a minute. One cache per process,
 * created where the process is assembled and passed in (no module state): whoever hears of a backend change (the
 * flow's `onBackendChanged`, a resync asked by a person) calls `forget`.
 */
import type { StoredMappingRule } from '../../core/mapper/index.ts';
import type { TaxRow } from './mapping/tax-table.ts';
import type { CarrierRow } from './mapping/carrier-table.ts';
import type { ErpSalesTax } from './erp/reference.gateway.ts';
import type { MarketplaceSettings, ServiceProducts, TaxRoundingMethod } from './mapping/order-map-context.ts';

/** What the order mapping reads of a backend besides its orders' SKUs. */
export interface OrderReference {
  loadedAt: number;
  countryIdByCode: Map<string, number>;
  stateIds: Map<string, number>;
  roundingMethod: TaxRoundingMethod;
  /** The ERP company's fiscal country (ISO code), if it has one: the VAT profile's default company country. */
  fiscalCountry: string | null;
  /**
   * `service_level_carriers` rows, or empty when the ERP's sale.order has no `carrier_id` (fields_get, asked only when rows
   * exist, once per cache entry).
   */
  carriers: CarrierRow[];
  /** `fiscal_position_map`: "regime|COUNTRY[|marketplace]" -> fiscal position id, null for none. */
  fiscalPositions: Map<string, number | null>;
  serviceProducts: ServiceProducts;
  marketplaces: Map<string, MarketplaceSettings>;
  taxes: TaxRow[];
  rules: StoredMappingRule[];
  lookups: Record<string, Record<string, unknown>>;
  /** Internal reference -> ERP product id found so far (positive results only: a new product is picked up at once). */
  productByCode: Map<string, number>;
  /** ERP product id -> its sales taxes' ids (`taxes_id`), read once per product while the entry lives. */
  productTaxIds: Map<number, number[]>;
  /** account.tax id -> what the tax-class rule reads of it, read once per tax while the entry lives. */
  salesTaxes: Map<number, ErpSalesTax>;
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
