/**
 * The marketplace screen's service over the tables the order flow already reads (orders.lookups.ts): writes go
 * through the lookup store (validated against the tables' schemas, audited, announced so every process reloads its
 * reference data), after checking that the ERP records they name exist and that a row's marketplace is the
 * backend's. Tax, fiscal position and carrier rows may name a marketplace (null: any marketplace).
 */
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';
import { PermanentError } from '../../../core/errors.ts';
import { canonicalRate } from '../../../core/vat/index.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import type { CarrierMapValue, FiscalPositionMapValue, MarketplaceMapValue, TaxMapValue } from '../orders.lookups.ts';
import { ordersSettings } from '../orders.settings.ts';
import { carrierMapKey } from '../mapping/carrier-table.ts';
import { taxMapKey } from '../mapping/tax-table.ts';
import { CARRIER_MODULE } from '../erp/carrier-field.ts';
import { erpChoicesGateway, type ErpChoice, type ErpChoiceKind } from './erp-choices.gateway.ts';
import { createCarrierSupportCache } from './carrier-support.ts';
import { carrierRowsOf, fiscalMapKey, fiscalRowsOf, taxRowsOf } from './marketplace-rows.ts';
import type { CarrierRowT, FiscalPositionRowT, MarketplaceSettingsT, MarketplaceValuesT, TaxRowT } from './marketplaces.schemas.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

type Env = Pick<TaskEnv, 'core' | 'runtimes'>;
type TaxKey = Pick<TaxRowT, 'regime' | 'country' | 'rate' | 'marketplaceId'>;

export interface MarketplacesApiService {
  get(backendId: number): Promise<MarketplaceSettingsT>;
  putMarketplace(backendId: number, marketplaceId: string, values: MarketplaceValuesT, actor: string): Promise<MarketplaceSettingsT>;
  putTax(backendId: number, row: TaxRowT, actor: string): Promise<MarketplaceSettingsT>;
  removeTax(backendId: number, row: TaxKey, actor: string): Promise<MarketplaceSettingsT>;
  putFiscalPosition(backendId: number, row: FiscalPositionRowT, actor: string): Promise<MarketplaceSettingsT>;
  removeFiscalPosition(backendId: number, row: Pick<FiscalPositionRowT, 'regime' | 'country'> & { marketplaceId: string }, actor: string): Promise<MarketplaceSettingsT>;
  putCarrier(backendId: number, row: CarrierRowT, actor: string): Promise<MarketplaceSettingsT>;
  removeCarrier(backendId: number, row: Pick<CarrierRowT, 'serviceLevel' | 'marketplaceId'>, actor: string): Promise<MarketplaceSettingsT>;
  choices(backendId: number, kind: ErpChoiceKind): Promise<ErpChoice[]>;
}

export function marketplacesApiService(env: Env): MarketplacesApiService {
  const carrierSupport = createCarrierSupportCache();
  const backendOf = async (id: number) => {
    await backendMustExist(env.core.backends, id);
    return env.core.backends.get(id);
  };
  /** The backend, after checking that a row's marketplace (if any) is one of its own. */
  const backendFor = async (id: number, marketplaceId: string | null | undefined) => {
    const backend = await backendOf(id);
    if (marketplaceId && !backend.marketplaceIds.includes(marketplaceId)) {
      throw new PermanentError('MARKETPLACE_UNKNOWN', `${marketplaceId} is not a marketplace of backend ${id} (${backend.marketplaceIds.join(', ')})`, { marketplaceId });
    }
    return backend;
  };
  const erpOf = async (id: number) => (await env.runtimes.get(id)).erp;
  const choicesOf = async (id: number) => erpChoicesGateway(await erpOf(id));
  /** MAPPING_TARGET_NOT_FOUND naming the first record of `wanted` the ERP does not have. */
  const mustExist = async (id: number, wanted: [ErpChoiceKind, number][]) => {
    const gw = await choicesOf(id);
    for (const [kind, erpId] of wanted) {
      if (!(await gw.existing(kind, [erpId])).has(erpId)) {
        throw new PermanentError('MAPPING_TARGET_NOT_FOUND', `the ERP has no ${kind.replace(/s$/, '').replace('-', ' ')} ${erpId}`, { kind, id: erpId });
      }
    }
  };
  /** MODULE_MISSING when the ERP's sales orders take no carrier: the carriers cannot be listed nor set. */
  const mustTakeCarriers = async (id: number) => {
    if ((await carrierSupport.of(id, () => erpOf(id))) === 'module_missing') {
      throw new PermanentError('MODULE_MISSING', `the ERP's sales orders have no carrier (sale.order.carrier_id): install the ERP module ${CARRIER_MODULE} (Apps menu, or the set-up fix install-modules), then try again`, { module: CARRIER_MODULE });
    }
  };
  const view = async (backendId: number): Promise<MarketplaceSettingsT> => {
    const backend = await backendOf(backendId);
    const tables = await env.core.lookups.loadTables(backendId, ['marketplace_map', 'tax_map', 'fiscal_position_map', 'service_level_carriers']);
    const mkt = tables.get('marketplace_map')!;
    return {
      marketplaces: backend.marketplaceIds.map((m) => ({ marketplaceId: m, name: marketplaceInfo(m)?.name ?? null, values: (mkt.get(m) as MarketplaceMapValue | undefined) ?? null })),
      taxes: taxRowsOf(tables.get('tax_map')!),
      fiscalPositions: fiscalRowsOf(tables.get('fiscal_position_map')!),
      carriers: carrierRowsOf(tables.get('service_level_carriers')!),
      carrierSupport: await carrierSupport.of(backendId, () => erpOf(backendId)),
      customerStrategy: ordersSettings.of(backend.settings).customerStrategy,
    };
  };
  return {
    get: view,
    async putMarketplace(backendId, marketplaceId, values, actor) {
      const backend = await backendOf(backendId);
      if (!backend.marketplaceIds.includes(marketplaceId)) {
        throw new PermanentError('MARKETPLACE_UNKNOWN', `${marketplaceId} is not a marketplace of backend ${backendId} (${backend.marketplaceIds.join(', ')})`, { marketplaceId });
      }
      await mustExist(backendId, [['warehouses', values.warehouseId], ['pricelists', values.pricelistId], ['teams', values.teamId]]);
      await env.core.lookups.put(backendId, 'marketplace_map', [{ key: marketplaceId, value: values }], { actor });
      return view(backendId);
    },
    async putTax(backendId, row, actor) {
      await backendFor(backendId, row.marketplaceId);
      await mustExist(backendId, [['taxes', row.taxId]]);
      const value: TaxMapValue = { taxId: row.taxId, priceIncluded: row.priceIncluded };
      await env.core.lookups.put(backendId, 'tax_map', [{ key: taxMapKey(row.regime, row.country, canonicalRate(row.rate), row.marketplaceId), value }], { actor });
      return view(backendId);
    },
    async removeTax(backendId, row, actor) {
      await backendOf(backendId);
      await env.core.lookups.remove(backendId, 'tax_map', [taxMapKey(row.regime, row.country, canonicalRate(row.rate), row.marketplaceId)], { actor });
      return view(backendId);
    },
    async putFiscalPosition(backendId, row, actor) {
      await backendFor(backendId, row.marketplaceId);
      if (row.fiscalPositionId !== null) await mustExist(backendId, [['fiscal-positions', row.fiscalPositionId]]);
      const value: FiscalPositionMapValue = { fiscalPositionId: row.fiscalPositionId };
      await env.core.lookups.put(backendId, 'fiscal_position_map', [{ key: fiscalMapKey(row.regime, row.country, row.marketplaceId), value }], { actor });
      return view(backendId);
    },
    async removeFiscalPosition(backendId, row, actor) {
      await backendOf(backendId);
      await env.core.lookups.remove(backendId, 'fiscal_position_map', [fiscalMapKey(row.regime, row.country, row.marketplaceId)], { actor });
      return view(backendId);
    },
    async putCarrier(backendId, row, actor) {
      await backendFor(backendId, row.marketplaceId);
      await mustTakeCarriers(backendId);
      await mustExist(backendId, [['carriers', row.carrierId]]);
      const value: CarrierMapValue = { carrierId: row.carrierId };
      await env.core.lookups.put(backendId, 'service_level_carriers', [{ key: carrierMapKey(row.serviceLevel, row.marketplaceId), value }], { actor });
      return view(backendId);
    },
    async removeCarrier(backendId, row, actor) {
      await backendOf(backendId);
      await env.core.lookups.remove(backendId, 'service_level_carriers', [carrierMapKey(row.serviceLevel, row.marketplaceId)], { actor });
      return view(backendId);
    },
    async choices(backendId, kind) {
      await backendOf(backendId);
      if (kind === 'carriers') await mustTakeCarriers(backendId);
      return (await choicesOf(backendId)).list(kind);
    },
  };
}
