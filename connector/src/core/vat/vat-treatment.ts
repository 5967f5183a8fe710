/**
 * The VAT model: how one sale is taxed in the ERP, decided the way Odoo's EU localisation does it, so that the
 * ERP's invoices post (Odoo refuses an invoice whose taxes belong to a country other than its tax country: the
 * company's fiscal country, or the country of a fiscal position carrying a foreign VAT number).
 *
 * - domestic:     shipped from and to the company's country: the company's own taxes.
 * - foreign_vat:  shipped from stock inside a country where the seller holds a VAT number (Pan-EU FBA, UK stock)
 *                 to a buyer there: that country's taxes, through that country's fiscal position with `foreign_vat`.
 * - oss:          cross-border B2C inside the EU by an OSS-registered EU company: the destination's rate, as OSS
 *                 taxes of the company's fiscal country, through an "OSS B2C <country>" fiscal position.
 * - intra_eu_b2b: cross-border inside the EU to a business with a VAT number, no VAT charged: 0 % reverse charge.
 * - export:       out of the EU VAT area (or from outside into another country) with no VAT charged: 0 % export.
 * - sales_tax:    a sales-tax marketplace (US, CA): no VAT; the tax, if any, is Amazon's to remit.
 * - deemed_supplier: Amazon, not the seller, accounts for the VAT (every item MARKETPLACE_FACILITATOR on a VAT
 *                 marketplace: UK goods of up to GBP 135 imported, any UK sale by a seller established outside the
 *                 UK, an EU sale of a non-EU seller from EU stock, IOSS imports). The seller bills no VAT: the sale
 *                 is booked at what the seller receives (net of the VAT Amazon withheld), its lines without tax,
 *                 the withheld VAT recorded on the order; no registration of the seller is needed for it.
 *
 * A sale the seller's registrations cannot explain (VAT charged where the seller holds no number) is a problem,
 * never a guess: booking it with the wrong country's taxes would make every later invoice fail.
 */
import { canonicalRate } from './rate-key.ts';
import { isEuMember } from './eu-vat.ts';

export type VatRegime = 'domestic' | 'foreign_vat' | 'oss' | 'intra_eu_b2b' | 'export' | 'sales_tax' | 'deemed_supplier';

export const VAT_REGIMES: readonly VatRegime[] = ['domestic', 'foreign_vat', 'oss', 'intra_eu_b2b', 'export', 'sales_tax', 'deemed_supplier'];

/** Regimes under which nobody owes VAT on the sale (a zero TAX there is a real 0 %, never a tax left out). */
export const ZERO_RATED_REGIMES: ReadonlySet<VatRegime> = new Set(['intra_eu_b2b', 'export']);

/** Regimes whose lines the seller bills without tax: the tax, if any, is Amazon's to account for. */
export const UNBILLED_REGIMES: ReadonlySet<VatRegime> = new Set(['sales_tax', 'deemed_supplier']);

/** The seller's VAT position (the `vat` settings with the company's country resolved). */
export interface VatProfile {
  companyCountry: string;
  ossRegistered: boolean;
  /** Country -> the seller's VAT number there (foreign VAT). */
  registrations: Readonly<Record<string, string>>;
  /** Where merchant-fulfilled orders ship from. */
  merchantShipFrom: string;
}

/** What one order says about its taxation. */
export interface VatFacts {
  shipTo: string;
  /** Shipped from Amazon's stock (FBA). */
  fulfilledByAmazon: boolean;
  /** Where it shipped from, when Amazon says (a package's ship-from address). */
  shipFrom?: string;
  /** The buyer's VAT number (a business order), if any. */
  buyerVatNumber?: string;
  /** Amazon charged no VAT on any line. */
  zeroRated: boolean;
  /** A sales-tax marketplace (prices exclude tax: US, CA, ...): no VAT model applies. */
  salesTaxMarketplace: boolean;
  /** On a VAT marketplace, Amazon accounts for the VAT of every item (MARKETPLACE_FACILITATOR): deemed supplier. */
  deemedSupplier?: boolean;
}

export interface VatTreatment {
  regime: VatRegime;
  /** The country whose taxes the lines carry (the ERP invoice's tax country). */
  taxCountry: string;
  /** The country the goods leave from, as the model reads it. */
  shipFrom: string;
  shipTo: string;
}

export interface VatProblem {
  code: 'VAT_REGISTRATION_MISSING';
  message: string;
  detail: Record<string, string>;
}

/** Where the goods leave from: Amazon's word, else Pan-EU stock in a registered destination, else home. */
export function shipFromOf(facts: VatFacts, profile: VatProfile): string {
  if (facts.shipFrom) return facts.shipFrom.toUpperCase();
  const to = facts.shipTo.toUpperCase();
  if (!facts.fulfilledByAmazon) return profile.merchantShipFrom;
  // FBA: Amazon stores a Pan-EU seller's stock in the countries where the seller is registered and ships locally.
  return to === profile.companyCountry || profile.registrations[to] ? to : profile.companyCountry;
}

/** The regime of one sale, or the problem that stops it. */
export function vatTreatment(facts: VatFacts, profile: VatProfile): VatTreatment | VatProblem {
  const to = facts.shipTo.toUpperCase();
  const from = shipFromOf(facts, profile);
  const home = profile.companyCountry;
  const at = (regime: VatRegime, taxCountry: string): VatTreatment => ({ regime, taxCountry, shipFrom: from, shipTo: to });
  // Taxes of the country the goods leave from: the company's, or a registered foreign country's.
  const originTaxes = (regime: VatRegime): VatTreatment | VatProblem =>
    from === home ? at(regime, home) : profile.registrations[from] ? at(regime, from) : missing(from, to, 'ships from');

  if (facts.salesTaxMarketplace) return at('sales_tax', home);
  // Amazon is the supplier for VAT purposes: nothing is owed under the seller's numbers, so none is needed.
  if (facts.deemedSupplier) return at('deemed_supplier', home);
  if (from === to) {
    if (to === home) return at('domestic', home);
    return profile.registrations[to] ? at('foreign_vat', to) : missing(from, to, 'sells inside');
  }
  if (isEuMember(from) && isEuMember(to)) {
    if (facts.zeroRated && facts.buyerVatNumber) return originTaxes('intra_eu_b2b');
    if (isEuMember(home) && profile.ossRegistered) return at('oss', home);
    if (profile.registrations[to]) return at('foreign_vat', to);
    // Not in OSS and not registered at destination: taxed where the goods leave from (below the EU threshold).
    const origin = originTaxes(from === home ? 'domestic' : 'foreign_vat');
    return origin;
  }
  if (facts.zeroRated) return originTaxes('export');
  // VAT charged on a sale leaving the origin's VAT area: the destination's VAT, owed under a number held there.
  return profile.registrations[to] ? at('foreign_vat', to) : missing(from, to, 'charges VAT in');
}

function missing(from: string, to: string, what: string): VatProblem {
  const country = what === 'ships from' ? from : to;
  return {
    code: 'VAT_REGISTRATION_MISSING',
    message:
      `The sale ships from ${from} to ${to}: Amazon's VAT on it is owed in ${country}, where the seller holds no VAT number. ` +
      `Add it to the backend setting vat.registrations (${country} -> number), run the set-up, then retry`,
    detail: { shipFrom: from, shipTo: to, country },
  };
}

export const isVatProblem = (t: VatTreatment | VatProblem): t is VatProblem => 'code' in t;

/** The tax table key: regime | ship-to country | canonical rate in percent ("oss|FR|20", "intra_eu_b2b|IT|0"). */
export function vatTaxKey(regime: VatRegime | 'any', shipTo: string, rate: string): string {
  return `${regime}|${shipTo.toUpperCase()}|${canonicalRate(rate)}`;
}

/** The fiscal position table key: regime | ship-to country ("oss|FR", "domestic|DE"). */
export function fiscalPositionKey(regime: VatRegime, shipTo: string): string {
  return `${regime}|${shipTo.toUpperCase()}`;
}
