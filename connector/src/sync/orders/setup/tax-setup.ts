/**
 * The VAT part of the set-up: fills the tax table (`regime|COUNTRY|rate` -> ERP tax) and the fiscal position table
 * (`regime|COUNTRY` -> ERP fiscal position) for every sale the VAT model can produce for this seller (vat-needs.ts),
 * reusing the ERP's own taxes and positions where they fit (vat-match.ts). What is missing is created when the
 * integrator consented (`createMissing`): a tax group per tax country first, then the price-included taxes, then
 * the fiscal positions, one create call per model; the company's tax rounding is set to per line. Without
 * consent each missing piece is a problem with the steps to do it by hand (vat-steps.ts). Keys an integrator
 * already set are never overwritten.
 */
import { SyncError } from '../../../core/errors.ts';
import type { ErpPort } from '../../../erp/erp-port.ts';
import type { FiscalPositionMapValue, TaxMapValue } from '../orders.lookups.ts';
import { marketplaceInfo, type MarketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { SetupProblem } from './marketplace-setup.ts';
import type { EnsuredRecord } from './service-products.ts';
import { readTaxConfig, type ErpTaxConfig } from './erp-tax-config.ts';
import { isSalesTaxMarketplace, vatNeeds } from './vat-needs.ts';
import { matchPosition, matchTax } from './vat-match.ts';
import { createPositions, createTaxes } from './vat-create.ts';
import { COUNTRY_STEPS, ROUNDING_STEPS, countryMismatch, reportPositions, reportTaxes } from './vat-steps.ts';

/** The seller's `vat` settings as stored (the company country and ship-from may be left to the ERP). */
export interface VatSettingsValue {
  companyCountry?: string | null;
  ossRegistered: boolean;
  registrations: Readonly<Record<string, string>>;
  merchantShipFrom?: string | null;
}

export interface TaxSetupInput {
  marketplaceIds: readonly string[];
  vat: VatSettingsValue;
  /** Keys already in the tables (an integrator's or an earlier run's): left alone. */
  existingTaxKeys: ReadonlySet<string>;
  existingPositionKeys: ReadonlySet<string>;
  /** Ship-to countries of open TAX_UNMAPPED conflicts. */
  conflictCountries: readonly string[];
  createMissing: boolean;
}

export interface TaxSetupResult {
  taxRows: Array<{ key: string; value: TaxMapValue }>;
  positionRows: Array<{ key: string; value: FiscalPositionMapValue }>;
  records: EnsuredRecord[];
  /** Existing ERP records the set-up changed (the company's tax rounding). */
  changed: EnsuredRecord[];
}

const MODEL_MISSING = new Set(['ERP_UNKNOWN_MODEL', 'ERP_UNKNOWN_FIELD']);

/** The tax and fiscal position tables to add, creating what is missing when `createMissing`; problems are pushed. */
export async function proposeTaxMap(erp: ErpPort, input: TaxSetupInput, problems: SetupProblem[]): Promise<TaxSetupResult> {
  const out: TaxSetupResult = { taxRows: [], positionRows: [], records: [], changed: [] };
  const markets = input.marketplaceIds.flatMap((id) => marketplaceInfo(id) ?? []);
  if (markets.every(isSalesTaxMarketplace)) {
    // A sales-tax seller (US, CA): Amazon collects the tax, no VAT piece is needed; orders carry no position.
    out.positionRows = salesTaxRows(markets, input.existingPositionKeys);
    return out;
  }
  let cfg: ErpTaxConfig;
  try {
    cfg = await readTaxConfig(erp);
  } catch (e) {
    if (!(e instanceof SyncError) || !MODEL_MISSING.has(e.code)) throw e;
    problems.push({ code: 'SETUP_INCOMPLETE', message: `The ERP lacks the accounting models the VAT set-up reads (is the Accounting app installed?): ${e.message}` });
    return out;
  }
  const home = (input.vat.companyCountry ?? cfg.company.fiscalCountry)?.toUpperCase();
  if (!home) {
    problems.push({ code: 'COMPANY_COUNTRY_UNKNOWN', message: COUNTRY_STEPS });
    return out;
  }
  const erpCountry = cfg.company.fiscalCountry;
  if (erpCountry && erpCountry !== home) {
    // Odoo posts an invoice only with taxes of the company's fiscal country (or of a foreign-VAT position's).
    problems.push({ code: 'COMPANY_COUNTRY_MISMATCH', message: countryMismatch(home, erpCountry) });
  }
  const profile = {
    companyCountry: home,
    ossRegistered: input.vat.ossRegistered,
    registrations: Object.fromEntries(Object.entries(input.vat.registrations).map(([c, n]) => [c.toUpperCase(), n])),
    merchantShipFrom: (input.vat.merchantShipFrom ?? home).toUpperCase(),
  };
  const needs = vatNeeds(profile, markets, input.conflictCountries);
  problems.push(...needs.problems);
  const countryName = (code: string | undefined) => (code ? (cfg.countries.get(code)?.name ?? code) : undefined);

  const taxIds = new Map<string, { id: number; priceIncluded: boolean }>();
  for (const need of needs.taxes.values()) {
    const hit = matchTax(need, cfg.taxes);
    if (hit) {
      taxIds.set(need.ref, { id: hit.id, priceIncluded: hit.priceIncluded });
      out.records.push({ what: `tax ${hit.name}`, erpModel: 'account.tax', erpId: hit.id, created: false });
    }
  }
  const positionIds = new Map<string, number | null>();
  for (const need of needs.positions.values()) {
    const hit = matchPosition(need, cfg.positions, home);
    if (hit) out.records.push({ what: `fiscal position ${hit.name}`, erpModel: 'account.fiscal.position', erpId: hit.id, created: false });
    // No domestic position is fine: domestic sales then carry none.
    if (hit || need.kind === 'domestic') positionIds.set(need.ref, hit?.id ?? null);
  }
  const missingTaxes = [...needs.taxes.values()].filter((n) => !taxIds.has(n.ref));
  const missingPositions = [...needs.positions.values()].filter((n) => !positionIds.has(n.ref));

  if (input.createMissing) {
    await createTaxes(erp, cfg, missingTaxes, taxIds, out, problems);
    await createPositions(erp, cfg, missingPositions, positionIds, out, problems, countryName);
  } else {
    reportTaxes(cfg, missingTaxes, problems, countryName);
    reportPositions(missingPositions, problems, countryName);
  }

  if (cfg.company.rounding !== 'round_per_line') {
    if (input.createMissing) {
      await erp.write('res.company', [cfg.company.id], { tax_calculation_rounding_method: 'round_per_line' });
      out.changed.push({ what: 'company tax rounding set to round per line', erpModel: 'res.company', erpId: cfg.company.id, created: false });
    } else {
      problems.push({ code: 'ROUNDING_GLOBAL', message: ROUNDING_STEPS });
    }
  }

  for (const [key, ref] of needs.taxKeys) {
    const tax = taxIds.get(ref);
    if (tax && !input.existingTaxKeys.has(key)) out.taxRows.push({ key, value: { taxId: tax.id, priceIncluded: tax.priceIncluded } });
  }
  for (const [key, ref] of needs.positionKeys) {
    if (input.existingPositionKeys.has(key)) continue;
    if (ref === null) out.positionRows.push({ key, value: { fiscalPositionId: null } });
    else if (positionIds.has(ref)) out.positionRows.push({ key, value: { fiscalPositionId: positionIds.get(ref)! } });
  }
  return out;
}

function salesTaxRows(markets: readonly MarketplaceInfo[], existing: ReadonlySet<string>): TaxSetupResult['positionRows'] {
  const keys = [...new Set(markets.map((m) => `sales_tax|${m.country}`))].filter((k) => !existing.has(k));
  return keys.map((key) => ({ key, value: { fiscalPositionId: null } }));
}
