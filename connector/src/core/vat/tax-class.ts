/**
 * A product's tax class: which of a country's VAT rates its sales take when Amazon gives a VAT-inclusive price
 * without the tax in it (the model's UK and JP examples, EU orders whose item tax is 0.00). Amazon's Orders API
 * carries no product tax code, so the seller says it once per SKU (or once for all): `standard`, `reduced`, `zero`,
 * and, where a country has several reduced rates (France 10 / 5.5 / 2.1), the rate per country.
 */
import { VAT_RATES } from './eu-vat.ts';
import { canonicalRate } from './rate-key.ts';

export type TaxClassName = 'standard' | 'reduced' | 'zero';

export interface TaxClass {
  class: TaxClassName;
  /** ISO country -> the rate in percent there, overriding what the class means in that country. */
  rates?: Readonly<Record<string, string>>;
}

/** The rates a class can mean in `country`: one rate, several (reduced), or undefined when the connector knows none. */
export function classRates(tc: TaxClass, country: string): readonly string[] | undefined {
  const c = country.toUpperCase();
  const own = tc.rates?.[c];
  if (own !== undefined) return [canonicalRate(own)];
  if (tc.class === 'zero') return ['0'];
  const known = VAT_RATES[c];
  if (!known) return undefined;
  return tc.class === 'standard' ? [known.standard] : known.reduced;
}
