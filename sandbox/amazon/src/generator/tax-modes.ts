/**
 * Which tax applies to a sale and who accounts for it: EU/GB/JP VAT (consumption tax) owed by the seller at the
 * destination's rate (intra-EU B2B reverse charge at 0 %), VAT Amazon withholds as deemed supplier (UK and EU
 * rules for sellers and goods from outside), or US/CA sales tax withheld by Amazon as marketplace facilitator.
 */
import type { Catalogue, Marketplace, Product } from '../catalogue.ts';
import type { TaxMode } from './amounts.ts';
import { percentToBasisPoints } from './money.ts';

/** Combined sales tax by state/province in thousandths of a percent (illustrative rates). */
const SALES_TAX: Record<string, number> = {
  WA: 10_100, TX: 8_250, NY: 8_875, CA: 7_250, FL: 7_000, OR: 0, IL: 10_250,
  QC: 14_975, ON: 13_000, BC: 12_000, AB: 5_000,
};

/** EU member states among the demo marketplaces (GB left the EU: no reverse charge from or to it). */
export const EU_COUNTRIES = ['DE', 'FR', 'IT', 'PL', 'SE'];

/** Every EU member state, to tell EU from non-EU establishment and stock. */
const EU_MEMBERS = new Set(['AT', 'BE', 'BG', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'HU', 'IE',
  'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK']);

export const isEu = (country: string | undefined): boolean => EU_MEMBERS.has(country ?? '');

/** Who collects the tax in sales-tax marketplaces (Amazon, as marketplace facilitator). */
export const FACILITATOR: Record<string, string> = {
  US: 'Amazon Services, Inc.',
  CA: 'Amazon.com.ca ULC',
};

/** The Amazon entities that account for VAT as deemed supplier (as the model's examples name them). */
export const DEEMED_SUPPLIER = { GB: 'Amazon EU S.a.r.l., UK Branch', EU: 'Amazon Services Europe S.a.r.L.' } as const;

/**
 * Largest imported consignment Amazon accounts for (UK: GBP 135; EU IOSS: EUR 150), in minor units of the
 * marketplace currency; the SEK and PLN figures are EUR 150 at a round rate (the rule is in euros).
 */
const IMPORT_LIMIT: Record<string, number> = { GBP: 13_500, EUR: 15_000, SEK: 170_000, PLN: 65_000 };

/** The tax of a product sold on a marketplace to a region/state; reverseCharge = intra-EU B2B with a VAT number. */
export function taxModeFor(mp: Marketplace, product: Product, stateOrRegion: string | undefined,
  reverseCharge: boolean, destinationVat: Marketplace['vat'] = mp.vat): TaxMode {
  if (mp.salesTaxWithheld) {
    return { kind: 'sales-tax', rateMilliPct: SALES_TAX[stateOrRegion ?? ''] ?? 0 };
  }
  if (reverseCharge) return { kind: 'vat-inclusive', rateBp: 0 };
  return { kind: 'vat-inclusive', rateBp: percentToBasisPoints(destinationVat[product.taxClass]) };
}

/** The VAT rates of a destination country: those of the catalogue's marketplace in it, else the marketplace's. */
export function destinationVat(cat: Catalogue, mp: Marketplace, shipTo: string): Marketplace['vat'] {
  return cat.marketplaces.find((m) => m.country === shipTo && !m.salesTaxWithheld)?.vat ?? mp.vat;
}

/** Who accounts for the VAT of an order and under which reporting scheme (the item `tax` part). */
export interface VatAccounting {
  /** Set when Amazon withholds the tax: the item's `taxCollections`. */
  collector?: string;
  /** The item's `taxCalculationBreakdowns` reporting scheme. */
  scheme?: 'UOSS' | 'IOSS';
}

export interface SaleFacts {
  mp: Marketplace;
  /** Where the seller is established; undefined: the seller owes every VAT and no scheme is reported. */
  establishedIn: string | undefined;
  /** Where the goods leave from (the marketplace's country for FBA stock, the seller's warehouse otherwise). */
  shipFrom: string;
  shipTo: string;
  reverseCharge: boolean;
  /** Gross value of the goods (ITEM, without shipping), minor units of the marketplace currency. */
  consignment: number;
}

/** The VAT rules of UK and EU sales (README "Who accounts for the tax"). */
export function vatAccounting(f: SaleFacts): VatAccounting {
  if (f.mp.salesTaxWithheld) return { collector: FACILITATOR[f.mp.country] };
  if (!f.establishedIn || f.reverseCharge) return {};
  const imported = f.shipFrom !== f.shipTo && !(isEu(f.shipFrom) && isEu(f.shipTo));
  const smallImport = imported && f.consignment <= (IMPORT_LIMIT[f.mp.currency] ?? 0);
  if (f.shipTo === 'GB') {
    // UK: Amazon is the deemed supplier of imports up to GBP 135 and of any goods a non-UK seller sells from UK stock.
    const deemed = smallImport || (f.shipFrom === 'GB' && f.establishedIn !== 'GB');
    return deemed ? { collector: DEEMED_SUPPLIER.GB } : {};
  }
  if (!isEu(f.shipTo)) return {};
  if (!isEu(f.establishedIn) && isEu(f.shipFrom)) return { collector: DEEMED_SUPPLIER.EU, scheme: 'UOSS' };
  if (smallImport) return { collector: DEEMED_SUPPLIER.EU, scheme: 'IOSS' };
  // An EU seller's distance sale to another member state: the seller's VAT, at the destination's rate, under OSS.
  if (isEu(f.shipFrom) && f.shipFrom !== f.shipTo) return { scheme: 'UOSS' };
  return {};
}
