/**
 * Builds the order mapper's context for a batch: everything it would otherwise read one order at a time.
 * Slow-moving reference data (countries, states, company rounding and fiscal country, service products, marketplace,
 * tax and fiscal position tables, mapping rows) comes from the process's reference cache; SKUs are resolved per batch: the SKU table is read for
 * every batch (one query, so a row the integrator adds or corrects takes effect at once in every worker process),
 * then the ERP's products by internal reference (one call for the whole batch, remembered once found), and the sales
 * taxes of the products whose SKU has no tax_class_map row (at most two calls per batch, remembered with the reference).
 */
import { ORDERS_FLOW } from './orders.payloads.ts';
import type { CoreServices } from '../../core/services.ts';
import { ConflictError } from '../../core/errors.ts';
import type { FiscalPositionMapValue, MarketplaceMapValue, SkuMapValue, TaxClassMapValue, TaxMapValue } from './orders.lookups.ts';
import { vatSettings, type TaxClass, type VatProfile } from '../../core/vat/index.ts';
import { productTaxClasses } from './product-tax-classes.ts';
import type { BackendSettings } from '../../core/backend/settings/index.ts';
import { SERVICE_PRODUCTS, serviceBindingKey } from './setup/service-products.ts';
import { buildTaxTable, parseTaxKey, type TaxRow } from './mapping/tax-table.ts';
import type { MarketplaceSettings, OrderMapContext, ServiceProducts } from './mapping/order-map-context.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import { ordersSettings } from './orders.settings.ts';
import { FBA_MARKETPLACE_BINDING, fbaOrdersOn } from './fba-switch.ts';
import { referenceGateway } from './erp/reference.gateway.ts';
import type { OrderReference, ReferenceCache } from './reference-cache.ts';
import { noteImplicitMatches, type ImplicitMatch } from './skus/seen-skus.ts';

const serviceKeys = () => Object.keys(SERVICE_PRODUCTS).map((k) => serviceBindingKey(k as keyof ServiceProducts));

async function loadReference(core: CoreServices, rt: BackendRuntime): Promise<OrderReference> {
  const id = rt.backend.id;
  const erp = referenceGateway(rt.erp);
  const [geo, company, services, tables, rules] = await Promise.all([
    erp.countriesAndStates(),
    erp.companyTaxSettings(),
    core.binder.toErpMany(id, 'service_product', serviceKeys()),
    core.lookups.loadTables(id, ['marketplace_map', 'tax_map', 'fiscal_position_map']),
    core.mappingRules.list(id, ORDERS_FLOW),
  ]);
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
    const parsed = parseTaxKey(key);
    const t = v as TaxMapValue;
    if (parsed) taxes.push({ ...parsed, taxId: t.taxId, priceIncluded: t.priceIncluded });
  }
  const fiscalPositions = new Map<string, number | null>();
  for (const [key, v] of tables.get('fiscal_position_map') ?? []) fiscalPositions.set(key, (v as FiscalPositionMapValue).fiscalPositionId);
  const fiscalCountry = company.fiscalCountryId === null ? null : ([...geo.countryIdByCode].find(([, cid]) => cid === company.fiscalCountryId)?.[0] ?? null);
  const ruleTables = [...new Set(rules.flatMap((r) => (r.enabled && r.source.kind === 'lookup' ? [r.source.table] : [])))];
  const loaded = ruleTables.length ? await core.lookups.loadTables(id, ruleTables) : new Map<string, Map<string, unknown>>();
  const lookups = Object.fromEntries([...loaded].map(([name, entries]) => [name, Object.fromEntries(entries)]));
  return {
    loadedAt: Date.now(), ...geo, roundingMethod: company.roundingMethod, fiscalCountry, fiscalPositions,
    serviceProducts, marketplaces, taxes, rules, lookups, productByCode: new Map(), productTaxIds: new Map(), salesTaxes: new Map(),
  };
}

/** Resolves `skus` to ERP products: the backend's SKU table wins, else a product whose internal reference is the SKU. */
async function resolveSkus(core: CoreServices, rt: BackendRuntime, ref: OrderReference, skus: readonly string[]): Promise<Map<string, number>> {
  const wanted = [...new Set(skus)];
  const resolved = new Map<string, number>();
  if (!wanted.length) return resolved;
  // Never cached: an integrator's mapping (the fix of an SKU_UNMAPPED conflict, a corrected row) must apply to
  // the very next batch, whichever process runs it.
  const mapped = await core.lookups.getMany<SkuMapValue>(rt.backend.id, 'sku_map', wanted);
  for (const [sku, v] of mapped) resolved.set(sku, v.productId);
  const rest = wanted.filter((s) => !mapped.has(s));
  const unseen = rest.filter((s) => !ref.productByCode.has(s));
  if (unseen.length) {
    for (const [code, id] of await referenceGateway(rt.erp).productsByCode(unseen)) {
      if (!ref.productByCode.has(code)) ref.productByCode.set(code, id);
    }
  }
  const implicit = new Map<string, ImplicitMatch>();
  for (const s of rest) {
    const id = ref.productByCode.get(s);
    if (id !== undefined) resolved.set(s, id);
    implicit.set(s, id === undefined ? null : { productId: id, by: 'default_code' });
  }
  // What the SKU screen shows: found by internal reference, not "Unmatched" (a connector write, not the ERP's).
  await noteImplicitMatches(core.pool, rt.backend.id, implicit);
  return resolved;
}

/** The tax classes of a batch's SKUs and the `*` default, read fresh per batch like the SKU table (one query). */
async function taxClasses(core: CoreServices, rt: BackendRuntime, skus: readonly string[]): Promise<Map<string, TaxClass>> {
  const rows = await core.lookups.getMany<TaxClassMapValue>(rt.backend.id, 'tax_class_map', [...new Set([...skus, '*'])]);
  return new Map([...rows].map(([sku, v]) => [sku, v.rates ? { class: v.class, rates: v.rates } : { class: v.class }]));
}

/** The seller's VAT profile: the backend's `vat` settings, the company country defaulting to the ERP's fiscal country. */
export function vatProfile(settings: BackendSettings, erpFiscalCountry: string | null): VatProfile {
  const v = vatSettings.of(settings);
  const companyCountry = v.companyCountry ?? erpFiscalCountry ?? '';
  return { companyCountry, ossRegistered: v.ossRegistered, registrations: v.registrations, merchantShipFrom: v.merchantShipFrom ?? companyCountry };
}

/** The FBA pool warehouse of each marketplace, read fresh per batch (one query) while the fba flow is on. */
async function fbaWarehousesOf(core: CoreServices, rt: BackendRuntime): Promise<Map<string, number> | undefined> {
  if (!fbaOrdersOn(rt.backend.settings)) return undefined;
  const bound = await core.binder.toErpMany(rt.backend.id, FBA_MARKETPLACE_BINDING, rt.backend.marketplaceIds);
  return new Map([...bound].map(([marketplaceId, b]) => [marketplaceId, b.erpId]));
}

/** The mapper context for a batch whose orders sell `skus`; reference data from `cache`. */
export async function buildOrderContext(core: CoreServices, rt: BackendRuntime, cache: ReferenceCache, skus: readonly string[]): Promise<OrderMapContext> {
  const ref = await cache.get(rt.backend.id, () => loadReference(core, rt));
  const [productIdBySku, classes, fbaWarehouses] = await Promise.all([resolveSkus(core, rt, ref, skus), taxClasses(core, rt, skus), fbaWarehousesOf(core, rt)]);
  // Only SKUs without their own tax_class_map row need their ERP product's taxes.
  const productClasses = await productTaxClasses(referenceGateway(rt.erp), ref, [...productIdBySku].flatMap(([sku, id]) => (classes.has(sku) ? [] : [id])));
  return {
    ...(fbaWarehouses ? { fbaWarehouses } : {}),
    dialect: rt.erp.dialect,
    marketplaces: ref.marketplaces,
    productIdBySku,
    serviceProducts: ref.serviceProducts,
    taxes: buildTaxTable(ref.taxes),
    taxClasses: classes,
    productTaxClasses: productClasses,
    vat: vatProfile(rt.backend.settings, ref.fiscalCountry),
    fiscalPositions: ref.fiscalPositions,
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
