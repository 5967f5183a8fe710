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
import type { ErpPort, Vals } from '../../../erp/erp-port.ts';
import type { FiscalPositionMapValue, TaxMapValue } from '../orders.lookups.ts';
import { marketplaceInfo, type MarketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { SetupProblem } from './marketplace-setup.ts';
import type { EnsuredRecord } from './service-products.ts';
import { readTaxConfig, type ErpTaxConfig } from './erp-tax-config.ts';
import { isSalesTaxMarketplace, vatNeeds, type PositionNeed, type TaxNeed } from './vat-needs.ts';
import { groupOf, matchPosition, matchTax } from './vat-match.ts';
import { COUNTRY_STEPS, ROUNDING_STEPS, countryMismatch, positionName, positionSteps, taxGroupSteps, taxName, taxSteps } from './vat-steps.ts';

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

/** The ERP refused a create: said as a problem (the rest of the set-up goes on), never a crash of the run. */
async function guarded<T>(problems: SetupProblem[], what: string, run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof SyncError) || e.kind === 'retryable') throw e;
    problems.push({ code: 'SETUP_INCOMPLETE', message: `The ERP refused to create ${what}: ${e.message}` });
    return null;
  }
}

async function createTaxes(
  erp: ErpPort,
  cfg: ErpTaxConfig,
  missing: readonly TaxNeed[],
  taxIds: Map<string, { id: number; priceIncluded: boolean }>,
  out: TaxSetupResult,
  problems: SetupProblem[],
): Promise<void> {
  if (!missing.length) return;
  // 1. A tax group per tax country: Odoo refuses a tax without one of its own country.
  const groupByCountry = new Map<string, number>();
  const countries = [...new Set(missing.map((n) => n.country))];
  const groupless: string[] = [];
  for (const c of countries) {
    const g = groupOf(c, cfg);
    if (g === undefined) groupless.push(c);
    else groupByCountry.set(c, g);
  }
  const unknown = countries.filter((c) => !cfg.countries.has(c));
  if (unknown.length) problems.push({ code: 'SETUP_INCOMPLETE', message: `The ERP does not know the countries ${unknown.join(', ')}: their taxes cannot be created` });
  const toGroup = groupless.filter((c) => cfg.countries.has(c));
  if (toGroup.length) {
    const ids = await guarded(problems, `the tax groups of ${toGroup.join(', ')}`, () =>
      erp.create('account.tax.group', toGroup.map((c) => ({ name: `VAT ${c}`, country_id: cfg.countries.get(c)!.id }))),
    );
    toGroup.forEach((c, i) => {
      if (!ids) return;
      groupByCountry.set(c, ids[i]!);
      out.records.push({ what: `tax group VAT ${c}`, erpModel: 'account.tax.group', erpId: ids[i]!, created: true });
    });
  }
  // 2. The taxes, in one call.
  const taken = new Set(cfg.taxes.map((t) => t.name));
  const creatable = missing.filter((n) => groupByCountry.has(n.country));
  if (!creatable.length) return;
  const vals: Vals[] = creatable.map((n) => {
    const name = taken.has(taxName(n)) ? `${taxName(n)} (Amazon)` : taxName(n);
    return {
      name,
      amount_type: 'percent',
      amount: Number(n.rate),
      type_tax_use: 'sale',
      ...erp.dialect.taxPriceIncludeVals(true),
      country_id: cfg.countries.get(n.country)!.id,
      tax_group_id: groupByCountry.get(n.country)!,
      description: `${n.rate}%`,
    };
  });
  const ids = await guarded(problems, `${creatable.length} VAT taxes`, () => erp.create('account.tax', vals));
  if (!ids) return;
  creatable.forEach((n, i) => {
    taxIds.set(n.ref, { id: ids[i]!, priceIncluded: true });
    out.records.push({ what: `tax ${String(vals[i]!.name)}`, erpModel: 'account.tax', erpId: ids[i]!, created: true });
  });
}

async function createPositions(
  erp: ErpPort,
  cfg: ErpTaxConfig,
  missing: readonly PositionNeed[],
  positionIds: Map<string, number | null>,
  out: TaxSetupResult,
  problems: SetupProblem[],
  countryName: (c: string | undefined) => string | undefined,
): Promise<void> {
  const creatable = missing.filter((n) => !n.country || cfg.countries.has(n.country));
  if (!creatable.length) return;
  const vals: Vals[] = creatable.map((n) => ({
    name: positionName(n, countryName(n.country)),
    // Set explicitly on every order by the connector: Odoo must never pick it by itself.
    auto_apply: false,
    ...(n.country ? { country_id: cfg.countries.get(n.country)!.id } : {}),
    ...(n.foreignVat ? { foreign_vat: n.foreignVat } : {}),
    ...(n.kind === 'intra_eu_b2b' ? { vat_required: true } : {}),
  }));
  const ids = await guarded(problems, `${creatable.length} fiscal positions`, () => erp.create('account.fiscal.position', vals));
  if (!ids) return;
  creatable.forEach((n, i) => {
    positionIds.set(n.ref, ids[i]!);
    out.records.push({ what: `fiscal position ${String(vals[i]!.name)}`, erpModel: 'account.fiscal.position', erpId: ids[i]!, created: true });
  });
}

function reportTaxes(cfg: ErpTaxConfig, missing: readonly TaxNeed[], problems: SetupProblem[], countryName: (c: string) => string | undefined): void {
  const byCountry = new Map<string, TaxNeed[]>();
  for (const n of missing) byCountry.set(n.country, [...(byCountry.get(n.country) ?? []), n]);
  for (const [country, list] of byCountry) {
    const name = countryName(country) ?? country;
    if (groupOf(country, cfg) === undefined) problems.push({ code: 'TAX_GROUP_MISSING', message: taxGroupSteps(country, name, list.length) });
    const kinds: Array<[TaxNeed['kind'], string]> = [
      ['standard', `The ERP has no price-included VAT taxes of ${name} (${country}) for these rates`],
      ['oss', `The ERP has no OSS taxes (destination rates booked in ${name}) for ${[...new Set(list.filter((n) => n.kind === 'oss').map((n) => n.destination))].join(', ')}`],
      ['reverse_charge', `The ERP has no 0 % intra-EU reverse-charge tax of ${name} (${country})`],
      ['export', `The ERP has no 0 % export tax of ${name} (${country})`],
    ];
    for (const [kind, title] of kinds) {
      const some = list.filter((n) => n.kind === kind);
      if (some.length) problems.push({ code: 'TAX_UNMAPPED', message: taxSteps(title, name, some) });
    }
  }
}

function reportPositions(missing: readonly PositionNeed[], problems: SetupProblem[], countryName: (c: string | undefined) => string | undefined): void {
  const oss = missing.filter((n) => n.kind === 'oss');
  if (oss.length) {
    const names = oss.map((n) => positionName(n, countryName(n.country)));
    problems.push({
      code: 'FISCAL_POSITION_UNMAPPED',
      message:
        `The ERP has no OSS fiscal position for ${oss.map((n) => n.country).join(', ')}: create one per country in Accounting > Configuration > Fiscal Positions > New, ` +
        `Name "OSS B2C <country>" (${names.slice(0, 2).join(', ')}, ...), Country the destination, Detect Automatically off; ${positionSteps(oss[0]!, names[0]!, countryName(oss[0]!.country)).split('; ').slice(1).join('; ')}`,
    });
  }
  for (const n of missing.filter((x) => x.kind !== 'oss')) {
    const name = positionName(n, countryName(n.country));
    problems.push({ code: 'FISCAL_POSITION_UNMAPPED', message: `The ERP has no fiscal position "${name}" for ${n.kind} sales. ${positionSteps(n, name, countryName(n.country))}` });
  }
}
