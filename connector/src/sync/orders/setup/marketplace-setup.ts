/**
 * Per marketplace: its currency must exist and be active in the ERP (a person activates currencies: we say so
 * plainly instead of failing deep inside a sync), a pricelist in that currency ("Amazon EUR"), the Amazon sales
 * team and the company's warehouse. The result is the marketplace map the order flow reads.
 */
import type { Domain, ErpPort } from '../../../erp/erp-port.ts';
import type { MarketplaceMapValue } from '../orders.lookups.ts';
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { EnsuredRecord } from './service-products.ts';

export interface SetupProblem {
  code: 'CURRENCY_INACTIVE' | 'CURRENCY_UNKNOWN' | 'SETUP_INCOMPLETE' | 'TAX_UNMAPPED';
  message: string;
}

const TEAM_NAME = 'Amazon';

async function ensureOne(
  erp: ErpPort,
  model: string,
  domain: Array<[string, string, unknown]>,
  vals: Record<string, unknown>,
  what: string,
  out: EnsuredRecord[],
): Promise<number> {
  const [hit] = await erp.search(model, domain, { limit: 1 });
  if (hit !== undefined) {
    out.push({ what, erpModel: model, erpId: hit, created: false });
    return hit;
  }
  const [id] = await erp.create(model, [vals]);
  out.push({ what, erpModel: model, erpId: id!, created: true });
  return id!;
}

/** Builds the marketplace map of `marketplaceIds`; marketplaces that cannot be set up are reported, not mapped. */
export async function setupMarketplaces(
  erp: ErpPort,
  marketplaceIds: readonly string[],
  records: EnsuredRecord[],
  problems: SetupProblem[],
): Promise<Map<string, MarketplaceMapValue>> {
  const out = new Map<string, MarketplaceMapValue>();
  const teamId = await ensureOne(erp, 'crm.team', [['name', '=', TEAM_NAME]], { name: TEAM_NAME }, 'sales team Amazon', records);
  // The backend's company's first warehouse (with no company named, the first one the ERP user sees).
  const inCompany: Domain = erp.companyId === null ? [] : [['company_id', '=', erp.companyId]];
  const [warehouse] = await erp.searchRead('stock.warehouse', inCompany, ['id'], { limit: 1, order: 'id asc' });
  if (!warehouse) {
    problems.push({ code: 'SETUP_INCOMPLETE', message: 'The ERP has no warehouse: create one, then run the set-up again' });
    return out;
  }
  const infos = marketplaceIds.map((id) => ({ id, info: marketplaceInfo(id) }));
  for (const { id, info } of infos) {
    if (!info) problems.push({ code: 'SETUP_INCOMPLETE', message: `Marketplace ${id} is not a known Amazon marketplace` });
  }
  const codes = [...new Set(infos.flatMap(({ info }) => (info ? [info.currency] : [])))];
  const currencies = await erp.searchRead('res.currency', [['name', 'in', codes]], ['name', 'active'], {
    context: { active_test: false },
  });
  const currencyByCode = new Map(currencies.map((c) => [String(c.name), c]));
  const pricelistByCode = new Map<string, number>();
  for (const code of codes) {
    const cur = currencyByCode.get(code);
    if (!cur) {
      problems.push({ code: 'CURRENCY_UNKNOWN', message: `The ERP has no currency ${code}: its marketplaces cannot be imported` });
      continue;
    }
    if (cur.active !== true) {
      problems.push({
        code: 'CURRENCY_INACTIVE',
        message: `Currency ${code} is inactive in the ERP: activate it (Accounting > Configuration > Currencies), then run the set-up again`,
      });
      continue;
    }
    const name = `Amazon ${code}`;
    pricelistByCode.set(
      code,
      await ensureOne(erp, 'product.pricelist', [['name', '=', name], ['currency_id', '=', cur.id]], { name, currency_id: cur.id }, `pricelist ${name}`, records),
    );
  }
  for (const { id, info } of infos) {
    const pricelistId = info && pricelistByCode.get(info.currency);
    if (!info || pricelistId === undefined) continue;
    out.set(id, { teamId, pricelistId, warehouseId: warehouse.id, currencyCode: info.currency });
  }
  return out;
}
