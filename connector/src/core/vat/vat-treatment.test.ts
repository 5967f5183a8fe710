import { describe, expect, it } from 'vitest';
import { fiscalPositionKey, isVatProblem, vatTaxKey, vatTreatment, type VatFacts, type VatProfile } from './vat-treatment.ts';

const de: VatProfile = { companyCountry: 'DE', ossRegistered: true, registrations: { PL: 'PL5260250274' }, merchantShipFrom: 'DE' };
const sale = (f: Partial<VatFacts>): VatFacts => ({ shipTo: 'DE', fulfilledByAmazon: false, zeroRated: false, salesTaxMarketplace: false, ...f });
const regime = (f: Partial<VatFacts>, p: VatProfile = de) => {
  const t = vatTreatment(sale(f), p);
  return isVatProblem(t) ? t.code : `${t.regime}:${t.taxCountry}`;
};

describe('the VAT model', () => {
  it('taxes a sale inside the company country with its own taxes', () => {
    expect(regime({ shipTo: 'DE' })).toBe('domestic:DE');
  });
  it('taxes cross-border EU B2C through OSS taxes of the company country', () => {
    expect(regime({ shipTo: 'FR' })).toBe('oss:DE');
    expect(regime({ shipTo: 'FR' }, { ...de, ossRegistered: false })).toBe('domestic:DE');
  });
  it('reads 0 % to an EU business with a VAT number as reverse charge, to a non-EU country as export', () => {
    expect(regime({ shipTo: 'IT', zeroRated: true, buyerVatNumber: 'IT00743110157' })).toBe('intra_eu_b2b:DE');
    expect(regime({ shipTo: 'GB', zeroRated: true })).toBe('export:DE');
    expect(regime({ shipTo: 'CH', zeroRated: true, buyerVatNumber: 'CHE123' })).toBe('export:DE');
  });
  it('taxes Pan-EU FBA stock in a registered country with that country\'s taxes (foreign VAT)', () => {
    expect(regime({ shipTo: 'PL', fulfilledByAmazon: true })).toBe('foreign_vat:PL');
    // merchant-fulfilled from Germany to Poland is a distance sale, OSS even where the seller is registered
    expect(regime({ shipTo: 'PL' })).toBe('oss:DE');
    // FBA to a country without stock ships from home
    expect(regime({ shipTo: 'FR', fulfilledByAmazon: true })).toBe('oss:DE');
  });
  it('follows the ship-from address Amazon gives', () => {
    expect(regime({ shipTo: 'FR', shipFrom: 'PL' })).toBe('oss:DE');
    expect(regime({ shipTo: 'PL', shipFrom: 'PL' })).toBe('foreign_vat:PL');
    expect(regime({ shipTo: 'IT', shipFrom: 'PL', zeroRated: true, buyerVatNumber: 'IT00743110157' })).toBe('intra_eu_b2b:PL');
  });
  it('refuses to guess when VAT is owed where the seller holds no number', () => {
    const us: VatProfile = { companyCountry: 'US', ossRegistered: true, registrations: {}, merchantShipFrom: 'US' };
    expect(regime({ shipTo: 'DE' }, us)).toBe('VAT_REGISTRATION_MISSING');
    expect(regime({ shipTo: 'DE' }, { ...us, registrations: { DE: 'DE123456788' } })).toBe('foreign_vat:DE');
    expect(regime({ shipTo: 'GB' })).toBe('VAT_REGISTRATION_MISSING');
    expect(regime({ shipTo: 'ES', shipFrom: 'ES' })).toBe('VAT_REGISTRATION_MISSING');
  });
  it('leaves sales-tax marketplaces out of VAT', () => {
    expect(regime({ shipTo: 'US', salesTaxMarketplace: true }, { ...de, companyCountry: 'US', merchantShipFrom: 'US' })).toBe('sales_tax:US');
  });
  it('makes Amazon the deemed supplier where it collects the VAT, whoever the seller and wherever the stock', () => {
    expect(regime({ shipTo: 'GB', deemedSupplier: true })).toBe('deemed_supplier:DE');
    const cn: VatProfile = { companyCountry: 'CN', ossRegistered: false, registrations: {}, merchantShipFrom: 'CN' };
    // A non-EU seller from German stock: no German number needed, Amazon accounts for the VAT.
    expect(regime({ shipTo: 'DE', fulfilledByAmazon: true, deemedSupplier: true }, cn)).toBe('deemed_supplier:CN');
    expect(regime({ shipTo: 'DE', fulfilledByAmazon: true }, cn)).toBe('VAT_REGISTRATION_MISSING');
  });

  it('writes canonical keys', () => {
    expect(vatTaxKey('oss', 'fr', '20.0')).toBe('oss|FR|20');
    expect(vatTaxKey('intra_eu_b2b', 'IT', '0.00')).toBe('intra_eu_b2b|IT|0');
    expect(fiscalPositionKey('foreign_vat', 'pl')).toBe('foreign_vat|PL');
  });
});
