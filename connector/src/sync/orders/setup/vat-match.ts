/**
 * Finds, among the ERP's own records, the tax or fiscal position that already does what a need asks, so the
 * set-up reuses rather than duplicates. A tax matches by country, rate, sale/percentage (read so) and price
 * inclusion; a 0 % tax also by its meaning read from its name (reverse charge vs export), and never across
 * countries: a US "0% Exports" is not a German reverse charge.
 */
import type { ErpFiscalPosition, ErpSaleTax, ErpTaxConfig } from './erp-tax-config.ts';
import type { PositionNeed, TaxNeed } from './vat-needs.ts';

/** Names of 0 % intra-EU B2B taxes and positions (EN, DE, FR, IT, ES, NL, PL as Odoo's EU charts name them). */
const REVERSE_CHARGE = /reverse|intra[- ]?(eu|community|comunitari|communautaire)|\bEU B2B\b|innergemeinschaftlich|\bIGL\b|intracom|\bICL\b|wewn[aą]trzwspólnotow|\bWDT\b/i;
/** Names of 0 % export taxes and positions (outside the EU VAT area). */
const EXPORT = /export|extra[- ]?(eu|community|ue)|non[- ]?eu|ausfuhr|drittland|foreign trade|exonér|esportazion|exportaci|uitvoer/i;
/** Odoo's OSS taxes are named "<rate>% <destination code> <label>" ("20.0% FR VAT"); ours follow it. */
const OSS_NAME = /^\s*\d+(?:[.,]\d+)?\s*%\s+([A-Z]{2})\b/;

const sameRate = (amount: number, rate: string) => Math.abs(amount - Number(rate)) < 1e-6;

/** The destination an OSS tax is for (named after another country than its own), or null. */
export function ossDestination(tax: ErpSaleTax): string | null {
  const m = OSS_NAME.exec(tax.name);
  return m && m[1] !== tax.countryCode ? m[1]! : null;
}

export function matchTax(need: TaxNeed, taxes: readonly ErpSaleTax[]): ErpSaleTax | undefined {
  const candidates = taxes.filter((t) => t.countryCode === need.country && sameRate(t.amount, need.rate));
  switch (need.kind) {
    case 'standard':
      return candidates.find((t) => t.priceIncluded && ossDestination(t) === null);
    case 'oss':
      return candidates.find((t) => t.priceIncluded && ossDestination(t) === need.destination);
    case 'reverse_charge':
      return candidates.find((t) => REVERSE_CHARGE.test(t.name));
    case 'export':
      return candidates.find((t) => EXPORT.test(t.name) && !REVERSE_CHARGE.test(t.name));
  }
}

export function matchPosition(need: PositionNeed, positions: readonly ErpFiscalPosition[], home: string): ErpFiscalPosition | undefined {
  switch (need.kind) {
    case 'domestic':
      return positions.find((p) => p.countryCode === home && !p.foreignVat && !p.vatRequired);
    case 'foreign_vat':
      return positions.find((p) => p.countryCode === need.country && p.foreignVat !== null);
    case 'oss':
      return positions.find((p) => p.countryCode === need.country && need.country !== home && !p.foreignVat && !p.vatRequired);
    case 'intra_eu_b2b':
      return positions.find((p) => !p.foreignVat && (p.countryCode === null || p.countryCode !== home) && (REVERSE_CHARGE.test(p.name) || (p.vatRequired && !EXPORT.test(p.name))));
    case 'export':
      return positions.find((p) => !p.foreignVat && p.countryCode === null && !p.vatRequired && EXPORT.test(p.name));
  }
}

/** The ERP's tax group for taxes of `country` (Odoo refuses a tax whose group belongs to another country). */
export function groupOf(country: string, cfg: Pick<ErpTaxConfig, 'groups'>): number | undefined {
  const own = cfg.groups.filter((g) => g.countryCode === country);
  // An OSS group has the company's country too: prefer a plain one for the country's own taxes.
  return (own.find((g) => !/^OSS\b/i.test(g.name)) ?? own[0])?.id;
}
