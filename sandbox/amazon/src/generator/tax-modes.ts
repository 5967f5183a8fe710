/** Which tax applies to a sale: EU/GB VAT owed by the seller (with intra-EU B2B reverse charge), or US/CA sales tax. */
import type { Marketplace, Product } from '../catalogue.ts';
import type { TaxMode } from './amounts.ts';
import { percentToBasisPoints } from './money.ts';

/** Combined sales tax by state/province in thousandths of a percent (illustrative rates). */
const SALES_TAX: Record<string, number> = {
  WA: 10_100, TX: 8_250, NY: 8_875, CA: 7_250, FL: 7_000, OR: 0, IL: 10_250,
  QC: 14_975, ON: 13_000, BC: 12_000, AB: 5_000,
};

/** EU member states among the demo marketplaces (GB left the EU: no reverse charge from or to it). */
export const EU_COUNTRIES = ['DE', 'FR', 'IT', 'PL', 'SE'];

/** Who collects the tax in sales-tax marketplaces (Amazon, as marketplace facilitator). */
export const FACILITATOR: Record<string, string> = {
  US: 'Amazon Services, Inc.',
  CA: 'Amazon.com.ca ULC',
};

/** The tax of a product sold on a marketplace to a region/state; reverseCharge = intra-EU B2B with a VAT number. */
export function taxModeFor(mp: Marketplace, product: Product, stateOrRegion: string | undefined,
  reverseCharge: boolean): TaxMode {
  if (mp.salesTaxWithheld) {
    return { kind: 'sales-tax', rateMilliPct: SALES_TAX[stateOrRegion ?? ''] ?? 0 };
  }
  if (reverseCharge) return { kind: 'vat-inclusive', rateBp: 0 };
  return { kind: 'vat-inclusive', rateBp: percentToBasisPoints(mp.vat[product.taxClass]) };
}
