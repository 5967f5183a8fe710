/**
 * Per marketplace: its currency must exist and be active in the ERP (activated by the set-up with the integrator's
 * consent, else said plainly instead of failing deep inside a sync) and have an exchange rate (without one Odoo
 * books every order at rate 1.0), a pricelist in that currency ("Amazon EUR"), the Amazon sales team and the
 * company's warehouse. The result is the marketplace map the order flow reads.
 */
import { companyDomain, type Domain, type ErpPort } from '../../../erp/erp-port.ts';
import type { MarketplaceMapValue } from '../orders.lookups.ts';
import { marketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { EnsuredRecord } from './service-products.ts';
import { currenciesWithoutRate } from './erp-tax-config.ts';
import { SyncError } from '../../../core/errors.ts';

export interface SetupProblem {
  code:
    | 'CURRENCY_INACTIVE'
    | 'CURRENCY_UNKNOWN'
    | 'SETUP_INCOMPLETE'
    | 'TAX_UNMAPPED'
    | 'TAX_GROUP_MISSING'
    | 'FISCAL_POSITION_UNMAPPED'
    | 'ROUNDING_GLOBAL'
    | 'RATE_MISSING'
    | 'VAT_REGISTRATION_MISSING'
    | 'COMPANY_COUNTRY_UNKNOWN'
    | 'COMPANY_COUNTRY_MISMATCH';
  message: string;
}

export interface MarketplaceSetupOptions {
  /** The integrator's consent: inactive currencies are activated. */
  createMissing: boolean;
  /** Existing ERP records the set-up changed (currencies activated). */
  changed: EnsuredRecord[];
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
  opts: MarketplaceSetupOptions = { createMissing: false, changed: [] },
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
  // Inactive currencies are invisible to Odoo's searches without active_test: activated in one write, with consent.
  const inactive = codes.filter((code) => currencyByCode.get(code) && currencyByCode.get(code)!.active !== true);
  if (opts.createMissing && inactive.length) {
    await erp.write('res.currency', inactive.map((code) => currencyByCode.get(code)!.id), { active: true });
    for (const code of inactive) {
      currencyByCode.get(code)!.active = true;
      opts.changed.push({ what: `currency ${code} activated`, erpModel: 'res.currency', erpId: currencyByCode.get(code)!.id, created: false });
    }
  }
  const pricelistByCode = new Map<string, number>();
  const active: Array<{ code: string; id: number }> = [];
  for (const code of codes) {
    const cur = currencyByCode.get(code);
    if (!cur) {
      problems.push({ code: 'CURRENCY_UNKNOWN', message: `The ERP has no currency ${code}: its marketplaces cannot be imported` });
      continue;
    }
    if (cur.active !== true) {
      problems.push({
        code: 'CURRENCY_INACTIVE',
        message:
          `Currency ${code} is inactive in the ERP: activate it (Accounting > Configuration > Currencies, remove the "Active" filter, open ${code}, switch Active on), ` +
          'then run the set-up again; or let the set-up do it: run it with createMissing (API body {"createMissing": true}, CLI --create-missing, or the backend setting erpSetup.createMissing)',
      });
      continue;
    }
    active.push({ code, id: cur.id });
    const name = `Amazon ${code}`;
    pricelistByCode.set(
      code,
      await ensureOne(erp, 'product.pricelist', [['name', '=', name], ['currency_id', '=', cur.id]], { name, currency_id: cur.id }, `pricelist ${name}`, records),
    );
  }
  await reportMissingRates(erp, active, problems);
  for (const { id, info } of infos) {
    const pricelistId = info && pricelistByCode.get(info.currency);
    if (!info || pricelistId === undefined) continue;
    out.set(id, { teamId, pricelistId, warehouseId: warehouse.id, currencyCode: info.currency });
  }
  return out;
}

/** An active foreign currency without any exchange rate: Odoo books its orders at rate 1.0 (the set-up never invents rates). */
async function reportMissingRates(erp: ErpPort, active: ReadonlyArray<{ code: string; id: number }>, problems: SetupProblem[]): Promise<void> {
  const [company] = await erp.searchRead('res.company', companyDomain(erp), ['currency_id'], { limit: 1, order: 'id asc' });
  const companyCurrency = company && Array.isArray(company.currency_id) ? company.currency_id[0] : null;
  const foreign = active.filter((c) => c.id !== companyCurrency);
  let unrated: number[];
  try {
    unrated = await currenciesWithoutRate(erp, foreign.map((c) => c.id));
  } catch (e) {
    if (e instanceof SyncError && e.code === 'ERP_UNKNOWN_MODEL') {
      problems.push({ code: 'SETUP_INCOMPLETE', message: `The ERP has no exchange rates model (res.currency.rate): ${e.message}` });
      return;
    }
    throw e;
  }
  for (const c of foreign.filter((x) => unrated.includes(x.id))) {
    problems.push({
      code: 'RATE_MISSING',
      message:
        `Currency ${c.code} has no exchange rate in the ERP: every ${c.code} order counts at rate 1.0 in the company's currency, so the books are wrong. ` +
        `Add its rates (Accounting > Configuration > Currencies > ${c.code} > Rates) or have a rate provider fill them, before the first ${c.code} order is imported`,
    });
  }
}
