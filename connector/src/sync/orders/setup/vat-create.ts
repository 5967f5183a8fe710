/**
 * What the set-up creates in the ERP with the integrator's consent (tax-setup.ts decides what is missing): a tax
 * group per tax country, the price-included VAT taxes, the fiscal positions, one create call per model. A create
 * the ERP refuses is a problem of the report, never a crash of the run.
 */
import { SyncError } from '../../../core/errors.ts';
import type { ErpPort, Vals } from '../../../erp/erp-port.ts';
import type { SetupProblem } from './marketplace-setup.ts';
import type { ErpTaxConfig } from './erp-tax-config.ts';
import type { PositionNeed, TaxNeed } from './vat-needs.ts';
import { groupOf } from './vat-match.ts';
import { positionName, taxName } from './vat-steps.ts';
import type { TaxSetupResult } from './tax-setup.ts';

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

/** Creates the missing taxes: a tax group per tax country first (Odoo refuses a tax without one), then the taxes in one call. */
export async function createTaxes(
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

/** Creates the missing fiscal positions in one call, never auto-applied. */
export async function createPositions(
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
