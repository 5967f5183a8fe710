/**
 * The backend's tax table: (VAT regime, ship-to country, rate) -> ERP tax, as the `tax_map` rows key it
 * (`vatTaxKey`: "oss|FR|20", "intra_eu_b2b|IT|0"). Regime `any` is what earlier versions keyed by marketplace
 * became (migration 20261201170100): a fallback for every regime, except at 0 %, where only the regime's own row
 * says what the 0 % means (reverse charge, export, a zero-rated good at home). Built once per batch; rates are
 * normalised ("19.00" and "19" are the same key).
 */
import { vatTaxKey, type VatRegime } from '../../../core/vat/index.ts';
import { formatRate, rateBasisPoints } from '../../../core/money.ts';

/** A table key's regime: one of the model's, or `any` (a row that serves every regime at a rate above 0). */
export type TaxRegimeKey = VatRegime | 'any';

export interface TaxRow {
  regime: TaxRegimeKey;
  /** ISO code of the ship-to country. */
  countryCode: string;
  /** Percentage as a decimal string ("19", "5.5"). */
  rate: string;
  taxId: number;
  /** Whether the ERP tax is price-included (then lines carry gross unit prices). */
  priceIncluded: boolean;
}

export interface TaxTable {
  /** The regime's own row, else (above 0 %) the `any` row. */
  find(regime: VatRegime, countryCode: string, rate: string): TaxRow | undefined;
  /** The rates known for (regime or any, country): the first candidates when reading a rate from amounts. */
  ratesFor(regime: VatRegime, countryCode: string): readonly string[];
}

const normalise = (rate: string): string => formatRate(rateBasisPoints(rate));

/** A `tax_map` key read back into its parts, or undefined for a key of another shape. */
export function parseTaxKey(key: string): { regime: TaxRegimeKey; countryCode: string; rate: string } | undefined {
  const [regime, countryCode, rate, ...rest] = key.split('|');
  if (!regime || !countryCode || !rate || rest.length) return undefined;
  return { regime: regime as TaxRegimeKey, countryCode, rate };
}

/** Indexes tax rows for constant-time look-ups. */
export function buildTaxTable(rows: readonly TaxRow[]): TaxTable {
  const byKey = new Map<string, TaxRow>();
  const rates = new Map<string, string[]>();
  for (const row of rows) {
    const rate = normalise(row.rate);
    const country = row.countryCode.toUpperCase();
    byKey.set(vatTaxKey(row.regime, country, rate), { ...row, countryCode: country, rate });
    const k = `${row.regime}|${country}`;
    const list = rates.get(k) ?? [];
    if (!list.includes(rate)) list.push(rate);
    rates.set(k, list);
  }
  return {
    find: (regime, c, rate) => {
      const r = normalise(rate);
      const own = byKey.get(vatTaxKey(regime, c, r));
      return own ?? (r === '0' ? undefined : byKey.get(vatTaxKey('any', c, r)));
    },
    ratesFor: (regime, c) => {
      const own = rates.get(`${regime}|${c.toUpperCase()}`) ?? [];
      const any = rates.get(`any|${c.toUpperCase()}`) ?? [];
      return [...new Set([...own, ...any])];
    },
  };
}
