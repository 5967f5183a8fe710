/**
 * Builds the order mapper's context for a batch: everything it would otherwise read one order at a time.
 * Slow-moving reference data (countries, states, company rounding and fiscal country, service products, marketplace,
 * tax and fiscal position tables, mapping rows) comes from the process's reference cache; SKUs are resolved per batch: the SKU table is read for
 * every batch (one query, so a row the integrator adds or corrects takes effect at once in every worker process),
 * then the ERP's products by internal reference (one call for the whole batch, remembered once found; archived
 * ones told apart: sku-resolution.ts), and the sales
 * taxes of the products whose SKU has no tax_class_map row (at most two calls per batch, remembered with the reference).
 */
import { ORDERS_FLOW } from './orders.payloads.ts';
import type { CoreServices } from '../../core/services.ts';
import { ConflictError } from '../../core/errors.ts';
import type { CarrierMapValue, FiscalPositionMapValue, MarketplaceMapValue, TaxClassMapValue, TaxMapValue } from './orders.lookups.ts';
import { resolveSkus } from './sku-resolution.ts';
import { vatSettings, type TaxClass, type VatProfile } from '../../core/vat/index.ts';
import { productTaxClasses } from './product-tax-classes.ts';
import type { BackendSettings } from '../../core/backend/settings/index.ts';
import { SERVICE_PRODUCTS, serviceBindingKey } from './setup/service-products.ts';
import { buildTaxTable, parseTaxKey, type TaxRow } from './mapping/tax-table.ts';
import { buildCarrierTable, parseCarrierKey, type CarrierRow } from './mapping/carrier-table.ts';
import { saleOrderHasCarrier } from './erp/carrier-field.ts';
import type { MarketplaceSettings, OrderMapContext, ServiceProducts } from './mapping/order-map-context.ts';
import type { BackendRuntime } from '../frame/backend-runtime.ts';
import { ordersSettings } from './orders.settings.ts';
import { FBA_MARKETPLACE_BINDING, fbaOrdersOn } from './fba-switch.ts';
import { referenceGateway } from './erp/reference.gateway.ts';
import type { OrderReference, ReferenceCache } from './reference-cache.ts';

const serviceKeys = () => Object.keys(SERVICE_PRODUCTS).map((k) => serviceBindingKey(k as keyof ServiceProducts));

async function loadReference(core: CoreServices, rt: BackendRuntime): Promise<OrderReference> {
  const id = rt.backend.id;
  const erp = referenceGateway(rt.erp);
  const [geo, company, services, tables, rules] = await Promise.all([
    erp.countriesAndStates(),
    erp.companyTaxSettings(),
    core.binder.toErpMany(id, 'service_product', serviceKeys()),
    core.lookups.loadTables(id, ['marketplace_map', 'tax_map', 'fiscal_position_map', 'service_level_carriers']),
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
  const carrierRows: CarrierRow[] = [];
  for (const [key, v] of tables.get('service_level_carriers') ?? []) {
    const parsed = parseCarrierKey(key);
    if (parsed) carrierRows.push({ ...parsed, carrierId: (v as CarrierMapValue).carrierId });
  }
  // Without stock_delivery the ERP refuses carrier_id: the rows wait (the set-up reports MODULE_MISSING), orders go on.
  const carriers = carrierRows.length && (await saleOrderHasCarrier(rt.erp)) ? carrierRows : [];
  const fiscalPositions = new Map<string, number | null>();
  for (const [key, v] of tables.get('fiscal_position_map') ?? []) fiscalPositions.set(key, (v as FiscalPositionMapValue).fiscalPositionId);
  const fiscalCountry = company.fiscalCountryId === null ? null : ([...geo.countryIdByCode].find(([, cid]) => cid === company.fiscalCountryId)?.[0] ?? null);
  const ruleTables = [...new Set(rules.flatMap((r) => (r.enabled && r.source.kind === 'lookup' ? [r.source.table] : [])))];
  const loaded = ruleTables.length ? await core.lookups.loadTables(id, ruleTables) : new Map<string, Map<string, unknown>>();
  const lookups = Object.fromEntries([...loaded].map(([name, entries]) => [name, Object.fromEntries(entries)]));
  return {
    loadedAt: Date.now(), ...geo, roundingMethod: company.roundingMethod, fiscalCountry, fiscalPositions,
    serviceProducts, marketplaces, taxes, carriers, rules, lookups, productByCode: new Map(), productTaxIds: new Map(), salesTaxes: new Map(),
  };
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
  const [{ productIdBySku, archivedBySku }, classes, fbaWarehouses] = await Promise.all([resolveSkus(core, rt, ref, skus), taxClasses(core, rt, skus), fbaWarehousesOf(core, rt)]);
  // Only SKUs without their own tax_class_map row need their ERP product's taxes.
  const productClasses = await productTaxClasses(referenceGateway(rt.erp), ref, [...productIdBySku].flatMap(([sku, id]) => (classes.has(sku) ? [] : [id])));
  return {
    ...(fbaWarehouses ? { fbaWarehouses } : {}),
    dialect: rt.erp.dialect,
    marketplaces: ref.marketplaces,
    productIdBySku,
    archivedBySku,
    serviceProducts: ref.serviceProducts,
    taxes: buildTaxTable(ref.taxes),
    ...(ref.carriers.length ? { carriers: buildCarrierTable(ref.carriers) } : {}),
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
