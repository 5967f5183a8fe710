/**
 * The backend's tax table: (VAT regime, ship-to country, rate[, marketplace]) -> ERP tax, as the `tax_map` rows key
 * it ("oss|FR|20", "intra_eu_b2b|IT|0", "domestic|DE|19|A1PA6795UKMFR9"). A row without a marketplace serves every
 * marketplace (every row written before marketplaces could be named is one: their keys did not change). Regime
 * `any` is what earlier versions keyed by marketplace became (migration 20261201170100): a fallback for every regime,
 * except at 0 %, where only the regime's own row says what the 0 % means (reverse charge, export, a zero-rated good
 * at home). The most specific row wins: the marketplace's own rows first (an integrator's override: the set-up
 * never writes one), then the any-marketplace rows; within each, the regime's own row before the `any` row. Built
 * once per batch; rates are normalised ("19.00" and "19" are the same key).
 */
import { vatTaxKey, type VatRegime } from '../../../core/vat/index.ts';
import { formatRate, rateBasisPoints } from '../../../core/money.ts';

/** A table key's regime: one of the model's, or `any` (a row that serves every regime at a rate above 0). */
export type TaxRegimeKey = VatRegime | 'any';

/** Amazon's marketplace ids, as a key's fourth part must be one. */
export const MARKETPLACE_KEY = /^[A-Z0-9]{10,16}$/;

export interface TaxRow {
  regime: TaxRegimeKey;
  /** ISO code of the ship-to country. */
  countryCode: string;
  /** Percentage as a decimal string ("19", "5.5"). */
  rate: string;
  /** The marketplace the row is for; absent: every marketplace. */
  marketplaceId?: string;
  taxId: number;
  /** Whether the ERP tax is price-included (then lines carry gross unit prices). */
  priceIncluded: boolean;
}

export interface TaxTable {
  /** The most specific row of (regime, country, rate) for the marketplace (see the file's comment). */
  find(regime: VatRegime, countryCode: string, rate: string, marketplaceId?: string): TaxRow | undefined;
  /** The rates known for (regime or any, country, the marketplace or any): the first candidates when reading a rate from amounts. */
  ratesFor(regime: VatRegime, countryCode: string, marketplaceId?: string): readonly string[];
}

const normalise = (rate: string): string => formatRate(rateBasisPoints(rate));

/** The `tax_map` key of a row: `vatTaxKey`'s, with `|marketplace` when the row is for one marketplace. */
export function taxMapKey(regime: TaxRegimeKey, countryCode: string, rate: string, marketplaceId?: string | null): string {
  const key = vatTaxKey(regime, countryCode, rate);
  return marketplaceId ? `${key}|${marketplaceId}` : key;
}

/** A `tax_map` key read back into its parts, or undefined for a key of another shape. */
export function parseTaxKey(key: string): { regime: TaxRegimeKey; countryCode: string; rate: string; marketplaceId?: string } | undefined {
  const [regime, countryCode, rate, marketplaceId, ...rest] = key.split('|');
  if (!regime || !countryCode || !rate || rest.length) return undefined;
  if (marketplaceId === undefined) return { regime: regime as TaxRegimeKey, countryCode, rate };
  return MARKETPLACE_KEY.test(marketplaceId) ? { regime: regime as TaxRegimeKey, countryCode, rate, marketplaceId } : undefined;
}

/** Indexes tax rows for constant-time look-ups. */
export function buildTaxTable(rows: readonly TaxRow[]): TaxTable {
  const byKey = new Map<string, TaxRow>();
  const rates = new Map<string, string[]>();
  for (const row of rows) {
    const rate = normalise(row.rate);
    const country = row.countryCode.toUpperCase();
    byKey.set(taxMapKey(row.regime, country, rate, row.marketplaceId), { ...row, countryCode: country, rate });
    const k = `${row.regime}|${country}|${row.marketplaceId ?? ''}`;
    const list = rates.get(k) ?? [];
    if (!list.includes(rate)) list.push(rate);
    rates.set(k, list);
  }
  return {
    find: (regime, c, rate, marketplaceId) => {
      const r = normalise(rate);
      // The `any` regime never answers a 0 %: only the regime's own row says what it means.
      const regimes: TaxRegimeKey[] = r === '0' ? [regime] : [regime, 'any'];
      for (const m of marketplaceId ? [marketplaceId, undefined] : [undefined]) {
        for (const g of regimes) {
          const row = byKey.get(taxMapKey(g, c, r, m));
          if (row) return row;
        }
      }
      return undefined;
    },
    ratesFor: (regime, c, marketplaceId) => {
      const C = c.toUpperCase();
      const markets = marketplaceId ? [marketplaceId, ''] : [''];
      return [...new Set(markets.flatMap((m) => [...(rates.get(`${regime}|${C}|${m}`) ?? []), ...(rates.get(`any|${C}|${m}`) ?? [])]))];
    },
  };
}
