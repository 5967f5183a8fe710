/**
 * Picks the ERP tax of one order component from Amazon's amounts: the rate is read from (tax, net) against the
 * backend's tax table for the order's VAT regime, ship-to country and marketplace, then looked up (the
 * marketplace's own `regime|C|rate|M` row, else `any|C|rate|M`, else the same without a marketplace: tax-table.ts). A 0 % line takes its regime's own 0 % row (reverse charge, export, a zero-rated good), never a
 * generic one; a rate with no ERP tax is a problem, never a line without tax. Only the sales-tax and deemed-supplier
 * regimes have lines without tax: there the tax, if any, is Amazon's to remit. Where Amazon gave no tax and the
 * rate was decided from the regime and the product's tax class (inclusive-rate.ts), the query carries that rate.
 */
import { deriveRate, rateBasisPoints, STANDARD_RATES } from '../../../core/money.ts';
import { UNBILLED_REGIMES, vatTaxKey } from '../../../core/vat/index.ts';
import type { OrderMapContext, ProblemList } from './order-map-context.ts';
import type { OrderVat } from './order-vat.ts';
import type { LineTax } from './order-total.ts';

export interface TaxQuery {
  net: bigint;
  tax: bigint;
  orderItemId: string;
  component: string;
  /** The item's own rate: the tie-breaker for small amounts (a discount, cheap shipping). */
  hint?: string;
  /** Separately rounded amounts inside the tax (per-unit tax on a quantity). */
  roundings?: number;
  /** The rate already decided (a tax computed from a gross Amazon gave without it): looked up, not derived. */
  rate?: string;
}

export type TaxResolver = (q: TaxQuery) => LineTax | null;

/** A resolver bound to one order and its regime; null means "no tax on this line" (never "let the ERP choose"). */
export function taxResolver(vat: OrderVat | null, ctx: OrderMapContext, problems: ProblemList): TaxResolver {
  // Without a regime the order is already a problem (recorded where it was decided): nothing to look up.
  if (!vat) return () => null;
  const { regime, shipTo: country, marketplaceId } = vat;
  // The seller's own rates for this destination come first: Amazon's rounding can make a neighbour fit too.
  const preferred = ctx.taxes.ratesFor(regime, country, marketplaceId);
  const unmapped = (rate: string, q: TaxQuery, standard: boolean) => {
    const key = rate === 'unknown' ? `${regime}|${country}|?` : vatTaxKey(regime, country, rate);
    problems.add(
      'TAX_UNMAPPED',
      rate === '0'
        ? `No ERP tax for 0 % ${regime} sales to ${country} (tax_map key ${key}): run the set-up, or map the ${regime} 0 % tax`
        : `No ERP tax for ${regime} sales to ${country} at ${rate} % (tax_map key ${key})`,
      { regime, countryCode: country, taxCountry: vat.taxCountry, rate, standardRate: standard, orderItemId: q.orderItemId, component: q.component },
      `TAX_UNMAPPED:${regime}|${country}|${rate}`,
    );
  };
  return (q) => {
    // Amazon, as deemed supplier, accounts for the VAT: the seller bills none, whatever the amounts say.
    if (regime === 'deemed_supplier') return null;
    if (q.tax === 0n && (q.rate === undefined || rateBasisPoints(q.rate) === 0n)) {
      if (UNBILLED_REGIMES.has(regime)) return null;
      const row = ctx.taxes.find(regime, country, '0', marketplaceId);
      if (row) return { taxId: row.taxId, rate: row.rate, priceIncluded: row.priceIncluded };
      // A line worth nothing books nothing: no tax is harmless there.
      if (q.net !== 0n) unmapped('0', q, false);
      return null;
    }
    const derived = q.rate !== undefined
      ? { rate: q.rate, standard: true }
      : deriveRate(q.tax, q.net, { preferred, candidates: STANDARD_RATES, hint: q.hint, roundings: q.roundings });
    const row = derived ? ctx.taxes.find(regime, country, derived.rate, marketplaceId) : undefined;
    if (!row) {
      unmapped(derived?.rate ?? 'unknown', q, derived?.standard ?? false);
      return null;
    }
    return { taxId: row.taxId, rate: row.rate, priceIncluded: row.priceIncluded };
  };
}
