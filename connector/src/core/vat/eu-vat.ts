/**
 * Public facts about VAT in Europe the connector's VAT model needs: which countries are EU member states (one VAT
 * area: intra-EU B2B reverse charge and OSS apply between them; GB, CH and NO are outside), and each country's
 * standard and reduced rates (percent, as Odoo's `account.tax` `amount` holds them). Rates as in force on
 * 2026-01-01; a seller whose country changes a rate fixes the tax in the ERP, the connector only proposes.
 */

/** ISO codes of the 27 EU member states (Greece is GR in ISO and in Odoo, EL only in VIES). */
export const EU_MEMBER_STATES: ReadonlySet<string> = new Set([
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT',
  'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE',
]);

export const isEuMember = (country: string): boolean => EU_MEMBER_STATES.has(country.toUpperCase());

export interface CountryVatRates {
  standard: string;
  /** Reduced and super-reduced rates, highest first. */
  reduced: readonly string[];
}

/** Standard and reduced VAT rates by country (EU members, then the other VAT / consumption-tax countries Amazon sells in). */
export const VAT_RATES: Readonly<Record<string, CountryVatRates>> = {
  AT: { standard: '20', reduced: ['13', '10'] },
  BE: { standard: '21', reduced: ['12', '6'] },
  BG: { standard: '20', reduced: ['9'] },
  HR: { standard: '25', reduced: ['13', '5'] },
  CY: { standard: '19', reduced: ['9', '5'] },
  CZ: { standard: '21', reduced: ['12'] },
  DK: { standard: '25', reduced: [] },
  EE: { standard: '24', reduced: ['13', '9'] },
  FI: { standard: '25.5', reduced: ['14', '10'] },
  FR: { standard: '20', reduced: ['10', '5.5', '2.1'] },
  DE: { standard: '19', reduced: ['7'] },
  GR: { standard: '24', reduced: ['13', '6'] },
  HU: { standard: '27', reduced: ['18', '5'] },
  IE: { standard: '23', reduced: ['13.5', '9', '4.8'] },
  IT: { standard: '22', reduced: ['10', '5', '4'] },
  LV: { standard: '21', reduced: ['12', '5'] },
  LT: { standard: '21', reduced: ['9', '5'] },
  LU: { standard: '17', reduced: ['14', '8', '3'] },
  MT: { standard: '18', reduced: ['7', '5'] },
  NL: { standard: '21', reduced: ['9'] },
  PL: { standard: '23', reduced: ['8', '5'] },
  PT: { standard: '23', reduced: ['13', '6'] },
  RO: { standard: '21', reduced: ['11'] },
  SK: { standard: '23', reduced: ['19', '5'] },
  SI: { standard: '22', reduced: ['9.5', '5'] },
  ES: { standard: '21', reduced: ['10', '4'] },
  SE: { standard: '25', reduced: ['12', '6'] },
  GB: { standard: '20', reduced: ['5'] },
  CH: { standard: '8.1', reduced: ['3.8', '2.6'] },
  NO: { standard: '25', reduced: ['15', '12'] },
  TR: { standard: '20', reduced: ['10', '1'] },
  // Japan's consumption tax (national and local together): 10 %, 8 % for food and newspapers; prices include it.
  JP: { standard: '10', reduced: ['8'] },
};

/** Every rate of `country` (standard first), or none when the connector knows no VAT there. */
export function vatRatesOf(country: string): readonly string[] {
  const r = VAT_RATES[country.toUpperCase()];
  return r ? [r.standard, ...r.reduced] : [];
}
