/**
 * The marketplace screen's service over the tables the order flow already reads (orders.lookups.ts): writes go
 * through the lookup store (validated against the tables' schemas, audited, announced so every process reloads its
 * reference data), after checking that the ERP records they name exist.
 */
import { PermanentError } from '../../../core/errors.ts';
import { canonicalRate, vatTaxKey } from '../../../core/vat/index.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import type { FiscalPositionMapValue, MarketplaceMapValue, TaxMapValue } from '../orders.lookups.ts';
import { ordersSettings } from '../orders.settings.ts';
import { erpChoicesGateway, type ErpChoice, type ErpChoiceKind } from './erp-choices.gateway.ts';
import type { FiscalPositionRowT, MarketplaceSettingsT, MarketplaceValuesT, TaxRowT } from './marketplaces.schemas.ts';

type Env = Pick<TaskEnv, 'core' | 'runtimes'>;

export interface MarketplacesApiService {
  get(backendId: number): Promise<MarketplaceSettingsT>;
  putMarketplace(backendId: number, marketplaceId: string, values: MarketplaceValuesT, actor: string): Promise<MarketplaceSettingsT>;
  putTax(backendId: number, row: TaxRowT, actor: string): Promise<MarketplaceSettingsT>;
  removeTax(backendId: number, row: Pick<TaxRowT, 'regime' | 'country' | 'rate'>, actor: string): Promise<MarketplaceSettingsT>;
  putFiscalPosition(backendId: number, row: FiscalPositionRowT, actor: string): Promise<MarketplaceSettingsT>;
  choices(backendId: number, kind: ErpChoiceKind): Promise<ErpChoice[]>;
}

export function marketplacesApiService(env: Env): MarketplacesApiService {
  const backendOf = async (id: number) => {
    const state = await env.core.backends.state(id);
    if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`, { backendId: id });
    return env.core.backends.get(id);
  };
  const choicesOf = async (id: number) => erpChoicesGateway((await env.runtimes.get(id)).erp);
  /** MAPPING_TARGET_NOT_FOUND naming the first record of `wanted` the ERP does not have. */
  const mustExist = async (id: number, wanted: [ErpChoiceKind, number][]) => {
    const gw = await choicesOf(id);
    for (const [kind, erpId] of wanted) {
      if (!(await gw.existing(kind, [erpId])).has(erpId)) {
        throw new PermanentError('MAPPING_TARGET_NOT_FOUND', `the ERP has no ${kind.replace(/s$/, '').replace('-', ' ')} ${erpId}`, { kind, id: erpId });
      }
    }
  };
  const view = async (backendId: number): Promise<MarketplaceSettingsT> => {
    const backend = await backendOf(backendId);
    const tables = await env.core.lookups.loadTables(backendId, ['marketplace_map', 'tax_map', 'fiscal_position_map']);
    const mkt = tables.get('marketplace_map')!;
    const taxes: TaxRowT[] = [];
    for (const [key, v] of tables.get('tax_map')!) {
      const [regime, country, rate] = key.split('|');
      const t = v as TaxMapValue;
      if (regime && country && rate) taxes.push({ regime: regime as TaxRowT['regime'], country, rate, taxId: t.taxId, priceIncluded: t.priceIncluded });
    }
    const fiscalPositions: FiscalPositionRowT[] = [];
    for (const [key, v] of tables.get('fiscal_position_map')!) {
      const [regime, country] = key.split('|');
      if (regime && country) fiscalPositions.push({ regime: regime as FiscalPositionRowT['regime'], country, fiscalPositionId: (v as FiscalPositionMapValue).fiscalPositionId });
    }
    const byKey = (a: { regime: string; country: string }, b: { regime: string; country: string }) => `${a.regime}|${a.country}`.localeCompare(`${b.regime}|${b.country}`);
    return {
      marketplaces: backend.marketplaceIds.map((m) => ({ marketplaceId: m, values: (mkt.get(m) as MarketplaceMapValue | undefined) ?? null })),
      taxes: taxes.sort((a, b) => byKey(a, b) || Number(a.rate) - Number(b.rate)),
      fiscalPositions: fiscalPositions.sort(byKey),
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
      await backendOf(backendId);
      await mustExist(backendId, [['taxes', row.taxId]]);
      const value: TaxMapValue = { taxId: row.taxId, priceIncluded: row.priceIncluded };
      await env.core.lookups.put(backendId, 'tax_map', [{ key: vatTaxKey(row.regime, row.country, canonicalRate(row.rate)), value }], { actor });
      return view(backendId);
    },
    async removeTax(backendId, row, actor) {
      await backendOf(backendId);
      await env.core.lookups.remove(backendId, 'tax_map', [vatTaxKey(row.regime, row.country, canonicalRate(row.rate))], { actor });
      return view(backendId);
    },
    async putFiscalPosition(backendId, row, actor) {
      await backendOf(backendId);
      if (row.fiscalPositionId !== null) await mustExist(backendId, [['fiscal-positions', row.fiscalPositionId]]);
      const value: FiscalPositionMapValue = { fiscalPositionId: row.fiscalPositionId };
      await env.core.lookups.put(backendId, 'fiscal_position_map', [{ key: `${row.regime}|${row.country}`, value }], { actor });
      return view(backendId);
    },
    async choices(backendId, kind) {
      await backendOf(backendId);
      return (await choicesOf(backendId)).list(kind);
    },
  };
}
