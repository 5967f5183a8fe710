/** Seed tables: currencies (ISO 4217 code, symbol, decimals) and the per-country VAT taxes of the demo world. */

export interface CurrencySeed { code: string; name: string; symbol: string; dp: number; before: boolean }

/** Currencies the sandbox knows (EUR first: the company's). */
export function currencies(): CurrencySeed[] {
  return [
    { code: 'EUR', name: 'Euro', symbol: '€', dp: 2, before: false },
    { code: 'USD', name: 'United States dollar', symbol: '$', dp: 2, before: true },
    { code: 'GBP', name: 'Pound sterling', symbol: '£', dp: 2, before: true },
    { code: 'SEK', name: 'Swedish krona', symbol: 'kr', dp: 2, before: false },
    { code: 'PLN', name: 'Polish złoty', symbol: 'zł', dp: 2, before: false },
    { code: 'CAD', name: 'Canadian dollar', symbol: '$', dp: 2, before: true },
    { code: 'CHF', name: 'Swiss franc', symbol: 'CHF', dp: 2, before: false },
    { code: 'DKK', name: 'Danish krone', symbol: 'kr', dp: 2, before: false },
    { code: 'NOK', name: 'Norwegian krone', symbol: 'kr', dp: 2, before: false },
    { code: 'CZK', name: 'Czech koruna', symbol: 'Kč', dp: 2, before: false },
    { code: 'HUF', name: 'Hungarian forint', symbol: 'Ft', dp: 2, before: false },
    { code: 'JPY', name: 'Japanese yen', symbol: '¥', dp: 0, before: true },
    { code: 'AUD', name: 'Australian dollar', symbol: '$', dp: 2, before: true },
    { code: 'MXN', name: 'Mexican peso', symbol: '$', dp: 2, before: true },
    { code: 'TRY', name: 'Turkish lira', symbol: '₺', dp: 2, before: false },
    { code: 'AED', name: 'UAE dirham', symbol: 'د.إ', dp: 2, before: false },
    { code: 'INR', name: 'Indian rupee', symbol: '₹', dp: 2, before: true },
    // three-decimal currencies (Odoo's rounding 0.001), kept last so the ids above do not move
    { code: 'KWD', name: 'Kuwaiti dinar', symbol: 'KD', dp: 3, before: false },
    { code: 'BHD', name: 'Bahraini dinar', symbol: 'BD', dp: 3, before: false },
  ];
}

interface TaxSeed {
  name: string; amount_type: string; amount: number; type_tax_use: string; price_include_override: string | null;
  country: string | null; description: string;
}

/** The demo world's VAT rates per marketplace country: [standard, reduced] (the German company's own first). */
export const DEMO_VAT_RATES: ReadonlyArray<readonly [string, readonly [string, string]]> = [
  ['DE', ['19', '7']], ['FR', ['20', '5.5']], ['IT', ['22', '10']], ['GB', ['20', '5']], ['SE', ['25', '12']], ['PL', ['23', '8']],
];

/** VAT taxes per marketplace country (price-included, as Amazon's EU prices are) and a 0 % reverse charge. */
export function vatTaxes(): TaxSeed[] {
  const out: TaxSeed[] = DEMO_VAT_RATES.flatMap(([cc, list]) => list.map((r) => ({
    name: `${cc} VAT ${r}% incl.`, amount_type: 'percent', amount: Number(r), type_tax_use: 'sale', price_include_override: 'tax_included',
    country: cc, description: `${r}%`,
  })));
  out.push({ name: '0% EU reverse charge', amount_type: 'percent', amount: 0, type_tax_use: 'sale', price_include_override: 'tax_included', country: 'DE', description: '0% RC' });
  return out;
}
