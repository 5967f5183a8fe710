/**
 * What the VAT model needs in the ERP for one seller, before looking at the ERP: every (regime, ship-to country,
 * rate) a sale can produce, the tax each one must be booked with (kind, tax country, rate) and the fiscal position
 * every (regime, ship-to country) carries. Derived by asking the model itself (`vatTreatment`) about each kind of
 * sale, so the set-up and the order mapping can never disagree.
 *
 * Ship-to countries: every EU member state when the company is in the EU and sells on an EU marketplace (OSS and
 * intra-EU B2B reach them all), the marketplaces' countries, the countries of the seller's VAT registrations and
 * those of open TAX_UNMAPPED conflicts. Sales-tax marketplaces (US, CA) need no VAT piece: their sales carry no
 * fiscal position; nor do sales where Amazon is the deemed supplier (`deemed_supplier|COUNTRY` rows of none).
 */
import { EU_MEMBER_STATES, VAT_RATES, fiscalPositionKey, isEuMember, isVatProblem, vatRatesOf, vatTaxKey, vatTreatment, type VatFacts, type VatProfile, type VatRegime } from '../../../core/vat/index.ts';
import type { MarketplaceInfo } from '../../../amazon/marketplaces.ts';
import type { SetupProblem } from './marketplace-setup.ts';

/** standard: a country's own VAT rate; oss: a destination's rate booked in the company's country. */
export type TaxNeedKind = 'standard' | 'oss' | 'reverse_charge' | 'export';

export interface TaxNeed {
  ref: string;
  kind: TaxNeedKind;
  /** The tax's country (the invoice's tax country). */
  country: string;
  /** Percent, canonical ("19", "5.5", "0"). */
  rate: string;
  /** OSS: the destination whose rate it is. */
  destination?: string;
}

export type PositionNeedKind = 'domestic' | 'foreign_vat' | 'oss' | 'intra_eu_b2b' | 'export';

export interface PositionNeed {
  ref: string;
  kind: PositionNeedKind;
  /** foreign_vat: the registered country; oss: the destination. */
  country?: string;
  /** foreign_vat: the seller's number there. */
  foreignVat?: string;
}

export interface VatNeeds {
  shipTo: string[];
  taxes: Map<string, TaxNeed>;
  positions: Map<string, PositionNeed>;
  /** tax_map key -> the tax need it maps to. */
  taxKeys: Map<string, string>;
  /** fiscal_position_map key -> the position need, or null (no fiscal position: sales tax). */
  positionKeys: Map<string, string | null>;
  problems: SetupProblem[];
}

/** A marketplace whose prices exclude the tax (US, CA): no VAT model applies there. */
export const isSalesTaxMarketplace = (m: MarketplaceInfo) => !m.pricesIncludeTax;
/** A marketplace the connector knows the VAT of (Europe). */
const isVatMarketplace = (m: MarketplaceInfo) => m.pricesIncludeTax && VAT_RATES[m.country] !== undefined;

/** The kinds of sale asked about for each ship-to country: fulfilment, and whether VAT is charged and to whom. */
const SALE_KINDS: ReadonlyArray<Pick<VatFacts, 'fulfilledByAmazon' | 'zeroRated' | 'buyerVatNumber'>> = [
  { fulfilledByAmazon: false, zeroRated: false },
  { fulfilledByAmazon: true, zeroRated: false },
  { fulfilledByAmazon: false, zeroRated: true, buyerVatNumber: 'business' },
  { fulfilledByAmazon: true, zeroRated: true, buyerVatNumber: 'business' },
  { fulfilledByAmazon: false, zeroRated: true },
];

export function vatNeeds(profile: VatProfile, marketplaces: readonly MarketplaceInfo[], conflictCountries: readonly string[] = []): VatNeeds {
  const needs: VatNeeds = { shipTo: [], taxes: new Map(), positions: new Map(), taxKeys: new Map(), positionKeys: new Map(), problems: [] };
  for (const m of marketplaces.filter(isSalesTaxMarketplace)) needs.positionKeys.set(fiscalPositionKey('sales_tax', m.country), null);
  const vatMarkets = marketplaces.filter(isVatMarketplace);
  for (const m of marketplaces) {
    if (!isSalesTaxMarketplace(m) && !isVatMarketplace(m)) {
      needs.problems.push({
        code: 'TAX_UNMAPPED',
        message: `The connector knows no VAT rates for ${m.country} (marketplace ${m.name}): create its taxes in the ERP and map them in the tax table by hand (key regime|${m.country}|rate)`,
      });
    }
  }
  if (!vatMarkets.length) return needs;

  const home = profile.companyCountry;
  const shipTo = new Set<string>(vatMarkets.map((m) => m.country));
  if (isEuMember(home) && vatMarkets.some((m) => isEuMember(m.country))) for (const c of EU_MEMBER_STATES) shipTo.add(c);
  for (const c of Object.keys(profile.registrations)) shipTo.add(c.toUpperCase());
  for (const c of conflictCountries) if (VAT_RATES[c.toUpperCase()]) shipTo.add(c.toUpperCase());
  if (VAT_RATES[home]) shipTo.add(home);
  needs.shipTo = [...shipTo].sort();
  // Amazon as deemed supplier: the seller bills no VAT, so no tax and, by default, no fiscal position (a row the
  // integrator may point at a fiscal position of their own); the withheld VAT is recorded on the order.
  for (const to of needs.shipTo) needs.positionKeys.set(fiscalPositionKey('deemed_supplier', to), null);

  const tax = (kind: TaxNeedKind, country: string, rate: string, destination?: string): string => {
    const ref = [kind, country, rate, destination ?? ''].join('|');
    if (!needs.taxes.has(ref)) needs.taxes.set(ref, { ref, kind, country, rate, ...(destination ? { destination } : {}) });
    return ref;
  };
  const position = (kind: PositionNeedKind, country?: string): string => {
    const ref = [kind, country ?? ''].join('|');
    if (!needs.positions.has(ref)) {
      const foreignVat = kind === 'foreign_vat' && country ? profile.registrations[country] : undefined;
      needs.positions.set(ref, { ref, kind, ...(country ? { country } : {}), ...(foreignVat ? { foreignVat } : {}) });
    }
    return ref;
  };
  const mapRegime = (regime: VatRegime, to: string, taxCountry: string, zero: boolean) => {
    const fpKey = fiscalPositionKey(regime, to);
    if (regime === 'intra_eu_b2b' || regime === 'export') {
      if (!zero) return;
      needs.taxKeys.set(vatTaxKey(regime, to, '0'), tax(regime === 'export' ? 'export' : 'reverse_charge', taxCountry, '0'));
      if (!needs.positionKeys.has(fpKey)) needs.positionKeys.set(fpKey, position(regime));
      return;
    }
    if (regime === 'sales_tax' || regime === 'deemed_supplier' || zero) return;
    const rates = vatRatesOf(regime === 'oss' ? to : taxCountry);
    for (const rate of rates) {
      const ref = regime === 'oss' ? tax('oss', taxCountry, rate, to) : tax('standard', taxCountry, rate);
      needs.taxKeys.set(vatTaxKey(regime, to, rate), ref);
    }
    if (!needs.positionKeys.has(fpKey)) {
      needs.positionKeys.set(fpKey, regime === 'domestic' ? position('domestic') : position(regime, regime === 'oss' ? to : taxCountry));
    }
  };

  const reported = new Set<string>();
  for (const to of needs.shipTo) {
    for (const kind of SALE_KINDS) {
      const t = vatTreatment({ shipTo: to, salesTaxMarketplace: false, ...kind }, profile);
      if (isVatProblem(t)) {
        // Said once per country, and only where the seller actually sells (a marketplace or a conflict's country).
        const where = t.detail.country!;
        const sells = vatMarkets.some((m) => m.country === to) || conflictCountries.includes(to);
        if (sells && !kind.zeroRated && !reported.has(where)) {
          reported.add(where);
          needs.problems.push({ code: 'VAT_REGISTRATION_MISSING', message: t.message });
        }
        continue;
      }
      mapRegime(t.regime, to, t.taxCountry, kind.zeroRated);
    }
  }
  return needs;
}
