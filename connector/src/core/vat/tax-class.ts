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

/** What the connector reads of one of a product's sales taxes in the ERP (account.tax). */
export interface ProductSalesTax {
  /** `percent`, `fixed`, `division`, `group`, `code`: only a percentage is a VAT rate. */
  amountType: string;
  /** The tax's amount in percent, as decimal text. */
  amount: string;
  /** ISO code of the tax's country (account.tax `country_id`), null when the ERP gives none. */
  country: string | null;
}

/**
 * The tax class a product's own ERP sales taxes say, classified against the VAT model's rates for each tax's
 * country: the standard rate -> standard, a reduced rate -> reduced (with that rate for that country, so a
 * country with several reduced rates needs no guess), 0 -> zero. Undefined (no class) when the product has no
 * sales tax, a tax that is not a percentage, a rate the model does not know for the tax's country, or taxes that
 * disagree: guessing there could book the wrong VAT.
 */
export function classOfSalesTaxes(taxes: readonly ProductSalesTax[]): TaxClass | undefined {
  let cls: TaxClassName | undefined;
  const rates: Record<string, string> = {};
  for (const t of taxes) {
    const tc = classOfSalesTax(t);
    if (!tc || (cls !== undefined && tc.class !== cls)) return undefined;
    cls = tc.class;
    // Taxes of several countries (a seller registered abroad) agree when each country says one rate.
    for (const [c, r] of Object.entries(tc.rates ?? {})) {
      if (rates[c] !== undefined && rates[c] !== r) return undefined;
      rates[c] = r;
    }
  }
  if (cls === undefined) return undefined;
  return Object.keys(rates).length ? { class: cls, rates } : { class: cls };
}

function classOfSalesTax(t: ProductSalesTax): TaxClass | undefined {
  if (t.amountType !== 'percent' || !t.country || !/^\d+(\.\d*)?$/.test(t.amount.trim())) return undefined;
  const rate = canonicalRate(t.amount);
  if (rate === '0') return { class: 'zero' };
  const country = t.country.toUpperCase();
  const known = VAT_RATES[country];
  if (!known) return undefined;
  if (rate === known.standard) return { class: 'standard' };
  if (known.reduced.includes(rate)) return { class: 'reduced', rates: { [country]: rate } };
  return undefined;
}
