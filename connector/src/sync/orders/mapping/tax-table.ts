/**
 * The backend's tax table: (marketplace, ship-to country, rate) -> ERP tax. Built once per batch from the rows
 * set-up and the integrator keep in the database; rates are normalised ("19.00" and "19" are the same key).
 */
import { formatRate, rateBasisPoints } from '../../../core/money.ts';

export interface TaxRow {
  marketplaceId: string;
  /** ISO code of the ship-to country. */
  countryCode: string;
  /** Percentage as a decimal string ("19", "5.5"). */
  rate: string;
  taxId: number;
  /** Whether the ERP tax is price-included (then lines carry gross unit prices). */
  priceIncluded: boolean;
}

export interface TaxTable {
  find(marketplaceId: string, countryCode: string, rate: string): TaxRow | undefined;
  /** The rates known for a (marketplace, country): the first candidates when reading a rate from amounts. */
  ratesFor(marketplaceId: string, countryCode: string): readonly string[];
}

const normalise = (rate: string): string => formatRate(rateBasisPoints(rate));

/** Indexes tax rows for constant-time look-ups. */
export function buildTaxTable(rows: readonly TaxRow[]): TaxTable {
  const byKey = new Map<string, TaxRow>();
  const rates = new Map<string, string[]>();
  for (const row of rows) {
    const rate = normalise(row.rate);
    const country = row.countryCode.toUpperCase();
    byKey.set(`${row.marketplaceId}|${country}|${rate}`, { ...row, countryCode: country, rate });
    const k = `${row.marketplaceId}|${country}`;
    const list = rates.get(k) ?? [];
    if (!list.includes(rate)) list.push(rate);
    rates.set(k, list);
  }
  return {
    find: (m, c, rate) => byKey.get(`${m}|${c.toUpperCase()}|${normalise(rate)}`),
    ratesFor: (m, c) => rates.get(`${m}|${c.toUpperCase()}`) ?? [],
  };
}
