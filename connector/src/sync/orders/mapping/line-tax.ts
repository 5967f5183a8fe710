/**
 * Picks the ERP tax of one order component from Amazon's amounts: the rate is read from (tax, net) against the
 * backend's tax table for (marketplace, ship-to country), then looked up; a rate with no ERP tax is a problem.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { deriveRate, STANDARD_RATES } from '../../../core/money.ts';
import type { OrderMapContext, ProblemList } from './order-map-context.ts';
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
}

export type TaxResolver = (q: TaxQuery) => LineTax | null;

/** A resolver bound to one order; null means "no tax on this line" (never "let the ERP choose"). */
export function taxResolver(order: Order, ctx: OrderMapContext, problems: ProblemList): TaxResolver {
  const marketplaceId = order.salesChannel.marketplaceId ?? '';
  const country = order.recipient?.deliveryAddress?.countryCode || ctx.marketplaces.get(marketplaceId)?.countryCode;
  // The seller's own rates for this destination come first: Amazon's rounding can make a neighbour fit too.
  const preferred = country ? ctx.taxes.ratesFor(marketplaceId, country) : [];
  return (q) => {
    if (q.tax === 0n) {
      // Zero-rated: an ERP 0 % tax when the table has one (for tax reports), else no tax at all.
      const row = country ? ctx.taxes.find(marketplaceId, country, '0') : undefined;
      return row ? { taxId: row.taxId, rate: row.rate, priceIncluded: row.priceIncluded } : null;
    }
    if (!country) {
      problems.add('COUNTRY_UNKNOWN', 'The order has no ship-to country and its marketplace none configured: its tax cannot be mapped', { marketplaceId });
      return null;
    }
    const derived = deriveRate(q.tax, q.net, { preferred, candidates: STANDARD_RATES, hint: q.hint, roundings: q.roundings });
    const rate = derived?.rate ?? 'unknown';
    const row = derived ? ctx.taxes.find(marketplaceId, country, derived.rate) : undefined;
    if (!row) {
      problems.add(
        'TAX_UNMAPPED',
        `No ERP tax for marketplace ${marketplaceId}, ship-to ${country}, rate ${rate} %`,
        { marketplaceId, countryCode: country, rate, standardRate: derived?.standard ?? false, orderItemId: q.orderItemId, component: q.component },
        `TAX_UNMAPPED:${marketplaceId}|${country}|${rate}`,
      );
      return null;
    }
    return { taxId: row.taxId, rate: row.rate, priceIncluded: row.priceIncluded };
  };
}
