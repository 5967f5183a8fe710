/**
 * Builds the order mapper's context for a batch: everything it would otherwise read one order at a time.
 * Slow-moving reference data (countries, states, company rounding, service products, marketplace and tax tables,
 * mapping rows) is cached per backend for a minute; SKUs are resolved per batch: the SKU table is read for every
 * batch (one query, so a row the integrator adds or corrects takes effect at once in every worker process), then
 * the ERP's products by internal reference (one call for the whole batch, remembered once found).
 */
import type { CoreServices } from '../../core/services.ts';
import { buildTaxTable, type TaxRow } from './tax-table.ts';
import type { MarketplaceSettings, OrderMapContext, ServiceProducts, TaxRoundingMethod } from './order-map-context.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import { ordersSettings } from './orders.settings.ts';
import { SERVICE_PRODUCTS, serviceBindingKey } from './setup/service-products.ts';
import { ConflictError } from '../../core/errors.ts';
import type { MarketplaceMapValue, TaxMapValue } from '../../core/lookup/fixed-tables.ts';
import type { StoredMappingRule } from '../../core/mapper/index.ts';

const TTL_MS = 60_000;

interface Reference {
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

const cache = new Map<number, Reference>();

/** Forgets cached reference data (after set-up or a mapping change). */
export function forgetReference(backendId?: number): void {
  if (backendId === undefined) cache.clear();
  else cache.delete(backendId);
}

async function loadReference(core: CoreServices, rt: BackendRuntime): Promise<Reference> {
  const id = rt.backend.id;
  const [countries, states, companies, services, tables, rules] = await Promise.all([
    rt.erp.searchRead('res.country', [], ['code']),
    rt.erp.searchRead('res.country.state', [], ['code', 'country_id']),
    rt.erp.searchRead('res.company', [], ['tax_calculation_rounding_method'], { limit: 1, order: 'id asc' }),
    core.binder.toErpMany(id, 'product', Object.keys(SERVICE_PRODUCTS).map((k) => serviceBindingKey(k as keyof ServiceProducts))),
    core.lookups.loadTables(id, ['marketplace_map', 'tax_map']),
    core.mappingRules.list(id, 'order'),
  ]);
  const countryIdByCode = new Map(countries.map((c) => [String(c.code).toUpperCase(), c.id]));
  const codeById = new Map(countries.map((c) => [c.id, String(c.code).toUpperCase()]));
  const stateIds = new Map<string, number>();
  for (const s of states) {
    const country = Array.isArray(s.country_id) ? codeById.get(s.country_id[0] as number) : undefined;
    if (country) stateIds.set(`${country}|${String(s.code).toUpperCase()}`, s.id);
  }
  const missing = Object.keys(SERVICE_PRODUCTS).filter((k) => !services.has(serviceBindingKey(k as keyof ServiceProducts)));
  if (missing.length) {
    throw new ConflictError('SETUP_INCOMPLETE', `Run the backend set-up first: service products missing (${missing.join(', ')})`);
  }
  const serviceProducts = Object.fromEntries(
    Object.keys(SERVICE_PRODUCTS).map((k) => [k, services.get(serviceBindingKey(k as keyof ServiceProducts))!.erpId]),
  ) as unknown as ServiceProducts;
  const marketplaces = new Map<string, MarketplaceSettings>();
  for (const [key, v] of tables.get('marketplace_map') ?? []) {
    const m = v as MarketplaceMapValue;
    marketplaces.set(key, { currencyCode: m.currencyCode, pricelistId: m.pricelistId, teamId: m.teamId, warehouseId: m.warehouseId });
  }
  const taxes: TaxRow[] = [];
  for (const [key, v] of tables.get('tax_map') ?? []) {
    const [marketplaceId, countryCode, rate] = key.split('|');
    const t = v as TaxMapValue;
    if (marketplaceId && countryCode && rate) taxes.push({ marketplaceId, countryCode, rate, taxId: t.taxId, priceIncluded: t.priceIncluded });
  }
  const ruleTables = [...new Set(rules.flatMap((r) => (r.enabled && r.source.kind === 'lookup' ? [r.source.table] : [])))];
  const loaded = ruleTables.length ? await core.lookups.loadTables(id, ruleTables) : new Map<string, Map<string, unknown>>();
  const lookups = Object.fromEntries([...loaded].map(([name, entries]) => [name, Object.fromEntries(entries)]));
  const method = companies[0]?.tax_calculation_rounding_method;
  return {
    loadedAt: Date.now(),
    countryIdByCode,
    stateIds,
    roundingMethod: method === 'round_per_line' ? 'round_per_line' : 'round_globally',
    serviceProducts,
    marketplaces,
    taxes,
    rules,
    lookups,
    productByCode: new Map(),
  };
}

async function reference(core: CoreServices, rt: BackendRuntime): Promise<Reference> {
  const hit = cache.get(rt.backend.id);
  if (hit && Date.now() - hit.loadedAt < TTL_MS) return hit;
  const fresh = await loadReference(core, rt);
  cache.set(rt.backend.id, fresh);
  return fresh;
}

/** Resolves `skus` to ERP products: the backend's SKU table wins, else a product whose internal reference is the SKU. */
async function resolveSkus(core: CoreServices, rt: BackendRuntime, ref: Reference, skus: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(skus)];
  const resolved = new Map<string, number>();
  if (!wanted.length) return resolved;
  // Never cached: an integrator's mapping (the fix of an SKU_UNMAPPED conflict, a corrected row) must apply to
  // the very next batch, whichever process runs it.
  const mapped = await core.lookups.getFixed(rt.backend.id, 'sku_map', wanted);
  for (const [sku, v] of mapped) resolved.set(sku, v.productId);
  const rest = wanted.filter((s) => !mapped.has(s));
  const unseen = rest.filter((s) => !ref.productByCode.has(s));
  if (unseen.length) {
    const products = await rt.erp.searchRead('product.product', [['default_code', 'in', unseen]], ['default_code'], { order: 'id asc' });
    for (const p of products) {
      const code = String(p.default_code);
      if (!ref.productByCode.has(code)) ref.productByCode.set(code, p.id);
    }
  }
  for (const s of rest) {
    const id = ref.productByCode.get(s);
    if (id !== undefined) resolved.set(s, id);
  }
  return resolved;
}

/** The mapper context for a batch whose orders sell `skus`. */
export async function buildOrderContext(core: CoreServices, rt: BackendRuntime, skus: readonly string[]): Promise<OrderMapContext> {
  const ref = await reference(core, rt);
  const productIdBySku = await resolveSkus(core, rt, ref, skus);
  return {
    erpVersion: rt.erpVersion,
    marketplaces: ref.marketplaces,
    productIdBySku,
    serviceProducts: ref.serviceProducts,
    taxes: buildTaxTable(ref.taxes),
    roundingMethod: ref.roundingMethod,
    customerStrategy: ordersSettings.of(rt.backend.settings).customerStrategy === 'per_order' ? 'per-order' : 'per-email',
    keyedHash: (text) => core.keyring.keyedHash(text),
    countryIdByCode: ref.countryIdByCode,
    stateId: (country, state) => ref.stateIds.get(`${country.toUpperCase()}|${state.toUpperCase()}`),
    rules: ref.rules,
    lookups: ref.lookups,
    creating: true,
  };
}
