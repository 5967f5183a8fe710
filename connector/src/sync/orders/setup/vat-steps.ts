/**
 * The by-hand steps the set-up reports when it may not change the ERP itself (no consent): menu paths of Odoo
 * 17-19 and the exact values, in the order Odoo accepts them (a tax group of the tax's country first, or Odoo
 * refuses the tax with "Missing required value for the field 'Tax Group'").
 */
import type { SetupProblem } from './marketplace-setup.ts';
import type { ErpTaxConfig } from './erp-tax-config.ts';
import type { PositionNeed, TaxNeed } from './vat-needs.ts';
import { groupOf } from './vat-match.ts';

export const CONSENT_HINT = 'or let the set-up do it: run it with createMissing (API body {"createMissing": true}, CLI --create-missing, or the backend setting erpSetup.createMissing)';

export const taxGroupSteps = (country: string, countryName: string, taxes: number) =>
  `The ERP has no tax group of ${countryName} (${country}), which the ${taxes} tax(es) of ${country} below need: Odoo refuses a tax ` +
  `without a tax group of its own country ("Missing required value for the field 'Tax Group'"; a group of another country is refused too). ` +
  `Create it first: Accounting > Configuration > Tax Groups (developer mode) > New, Name "VAT ${country}", Country ${countryName}; ${CONSENT_HINT}`;

export function taxName(need: TaxNeed): string {
  switch (need.kind) {
    case 'standard':
      return `${need.country} VAT ${need.rate}% incl.`;
    case 'oss':
      // As Odoo's l10n_eu_oss names its OSS taxes ("<rate>% <destination> <label>"), marked price-included.
      return `${need.rate}% ${need.destination} VAT (OSS, incl.)`;
    case 'reverse_charge':
      return `${need.country} 0% intra-EU B2B (reverse charge)`;
    case 'export':
      return `${need.country} 0% export`;
  }
}

export function taxSteps(title: string, countryName: string, needs: readonly TaxNeed[]): string {
  const list = needs.map((n) => `"${taxName(n)}" ${n.rate} %`).join(', ');
  return (
    `${title}: create in Accounting > Configuration > Taxes > New, each with Tax Type Sales, Tax Computation Percentage of Price, ` +
    `Included in Price: Tax Included, Tax Country ${countryName}, its Tax Group of ${countryName} (create the group first): ${list}; ` +
    `then run the set-up again, it maps them; ${CONSENT_HINT}`
  );
}

export function positionName(need: PositionNeed, countryName: string | undefined): string {
  switch (need.kind) {
    case 'foreign_vat':
      return `Foreign VAT ${countryName ?? need.country}`;
    case 'oss':
      return `OSS B2C ${countryName ?? need.country}`;
    case 'intra_eu_b2b':
      return 'Intra-EU B2B';
    case 'export':
      return 'Export (outside the EU)';
    case 'domestic':
      return 'Domestic';
  }
}

export function positionSteps(need: PositionNeed, name: string, countryName: string | undefined): string {
  const fields = [`Name "${name}"`, 'Detect Automatically off (the connector sets the position on each order)'];
  if (need.kind === 'foreign_vat') fields.push(`Country ${countryName}`, `Foreign Tax ID ${need.foreignVat}`);
  if (need.kind === 'oss') fields.push(`Country ${countryName}`);
  if (need.kind === 'intra_eu_b2b') fields.push('VAT Required on');
  return `Create the fiscal position in Accounting > Configuration > Fiscal Positions > New: ${fields.join(', ')}; ${CONSENT_HINT}`;
}

export const ROUNDING_STEPS =
  "The company rounds taxes globally (Odoo's default), Amazon per line: the ERP's tax then differs from Amazon's by a cent on some orders. " +
  `Set Accounting > Configuration > Settings > Taxes > Rounding Method to "Round per Line"; ${CONSENT_HINT}`;

export const COUNTRY_STEPS =
  "The ERP company's fiscal country is unknown, so the connector cannot tell domestic from cross-border sales: set the company's country " +
  '(Settings > Companies) or its Fiscal Country (Accounting > Configuration > Settings), or the backend setting vat.companyCountry, then run the set-up again';

export const countryMismatch = (home: string, erp: string) =>
  `The backend setting vat.companyCountry says ${home} but the ERP company's fiscal country is ${erp}: Odoo refuses to post invoices whose taxes ` +
  `belong to another country than the fiscal country (or a foreign-VAT fiscal position's). Set the company's Fiscal Country to ${home} ` +
  '(Accounting > Configuration > Settings > Fiscal Localization) or correct vat.companyCountry, then run the set-up again';

/** Each missing tax, grouped by country and meaning, as a problem with the steps to create it by hand. */
export function reportTaxes(cfg: ErpTaxConfig, missing: readonly TaxNeed[], problems: SetupProblem[], countryName: (c: string) => string | undefined): void {
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

/** Each missing fiscal position as a problem with the steps to create it by hand (the OSS ones together). */
export function reportPositions(missing: readonly PositionNeed[], problems: SetupProblem[], countryName: (c: string | undefined) => string | undefined): void {
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
