/**
 * The rate of a VAT-inclusive amount Amazon gave without its tax (shape "gross, tax not given"): it cannot be read
 * from the amounts, so it comes from the regime and destination (whose rates apply: the seller's table for them),
 * narrowed by the product's tax class. A rate that cannot be decided is a TAX_RATE_UNDECIDED conflict: booking
 * the standard rate on a reduced-rate good would put the wrong VAT in the books, silently.
 *
 * Order of decision: the class's rate in the destination when it names one; a class with several rates (reduced)
 * narrowed to the seller's own rates there; without a class, the seller's only non-zero rate there.
 */
import { canonicalRate, classRates, type TaxClass, type VatRegime } from '../../../core/vat/index.ts';

export type InclusiveRate = { rate: string } | { undecided: string };

/** The rate of a gross amount without given tax, for a sale under `regime` to `country`. */
export function inclusiveRate(regime: VatRegime, country: string, taxClass: TaxClass | undefined, sellerRates: readonly string[]): InclusiveRate {
  const seller = [...new Set(sellerRates.map(canonicalRate))];
  const nonZero = seller.filter((r) => r !== '0');
  if (!taxClass) {
    if (nonZero.length === 1) return { rate: nonZero[0]! };
    return {
      undecided: nonZero.length
        ? `the seller's ${regime} rates for ${country} are ${nonZero.join(', ')} % and the product has no tax class`
        : `no ${regime} rate for ${country} in the tax table and the product has no tax class`,
    };
  }
  const rates = classRates(taxClass, country);
  if (rates === undefined) {
    // A country the connector knows no rates of: only the seller's table can say.
    if (taxClass.class !== 'zero' && nonZero.length === 1) return { rate: nonZero[0]! };
    return { undecided: `the connector knows no ${taxClass.class} rate for ${country}: give the rate in the product's tax class` };
  }
  if (rates.length === 1) return { rate: rates[0]! };
  const mine = rates.filter((r) => seller.includes(r));
  if (mine.length === 1) return { rate: mine[0]! };
  return { undecided: `the ${taxClass.class} rate for ${country} may be ${rates.join(', ')} %: give it in the product's tax class` };
}
