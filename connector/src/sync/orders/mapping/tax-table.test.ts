import { describe, expect, it } from 'vitest';
import { buildTaxTable, parseTaxKey, taxMapKey } from './tax-table.ts';

describe('tax table', () => {
  const t = buildTaxTable([
    { regime: 'any', countryCode: 'fr', rate: '5.50', taxId: 7, priceIncluded: true },
    { regime: 'any', countryCode: 'FR', rate: '20', taxId: 8, priceIncluded: true },
    { regime: 'oss', countryCode: 'FR', rate: '20', taxId: 18, priceIncluded: true },
    { regime: 'any', countryCode: 'IT', rate: '0', taxId: 30, priceIncluded: true },
    { regime: 'intra_eu_b2b', countryCode: 'IT', rate: '0', taxId: 31, priceIncluded: true },
  ]);

  it('finds the regime\'s own ERP tax by ship-to country and rate, however the rate is written, else the any row', () => {
    expect(t.find('oss', 'FR', '20.00')?.taxId).toBe(18);
    expect(t.find('domestic', 'fr', '20')?.taxId).toBe(8);
    expect(t.find('oss', 'FR', '5.5')?.taxId).toBe(7);
    expect(t.find('oss', 'BE', '20')).toBeUndefined();
    expect(t.ratesFor('oss', 'FR')).toEqual(['20', '5.5']);
  });

  it('never takes an any row for 0 %: only the regime says what a 0 % means', () => {
    expect(t.find('intra_eu_b2b', 'IT', '0.00')?.taxId).toBe(31);
    expect(t.find('export', 'IT', '0')).toBeUndefined();
    expect(t.find('domestic', 'IT', '0')).toBeUndefined();
  });

  it('reads table keys back', () => {
    expect(parseTaxKey('intra_eu_b2b|IT|0')).toEqual({ regime: 'intra_eu_b2b', countryCode: 'IT', rate: '0' });
    expect(parseTaxKey('A1PA6795UKMFR9|DE')).toBeUndefined();
  });
});

describe('tax table rows per marketplace', () => {
  const FR = 'A13V1IB3VIYZZH';
  const BE = 'AMEN7PMS3EDWL';
  const t = buildTaxTable([
    { regime: 'oss', countryCode: 'FR', rate: '20', taxId: 18, priceIncluded: true },
    { regime: 'oss', countryCode: 'FR', rate: '20', marketplaceId: FR, taxId: 118, priceIncluded: true },
    { regime: 'any', countryCode: 'FR', rate: '5.5', marketplaceId: FR, taxId: 105, priceIncluded: true },
    { regime: 'any', countryCode: 'FR', rate: '5.5', taxId: 7, priceIncluded: true },
    { regime: 'intra_eu_b2b', countryCode: 'FR', rate: '0', taxId: 31, priceIncluded: true },
    { regime: 'any', countryCode: 'FR', rate: '0', marketplaceId: FR, taxId: 99, priceIncluded: true },
    { regime: 'domestic', countryCode: 'FR', rate: '10', marketplaceId: BE, taxId: 110, priceIncluded: true },
  ]);

  it("takes the marketplace's own row over the any-marketplace row", () => {
    expect(t.find('oss', 'FR', '20', FR)?.taxId).toBe(118);
    expect(t.find('oss', 'FR', '20', BE)?.taxId).toBe(18);
    expect(t.find('oss', 'FR', '20')?.taxId).toBe(18);
    expect(t.find('oss', 'FR', '5.50', FR)?.taxId).toBe(105);
    expect(t.find('oss', 'FR', '5.5', BE)?.taxId).toBe(7);
  });

  it("never answers 0 % with an any row, a marketplace's included; another marketplace's row never applies", () => {
    expect(t.find('intra_eu_b2b', 'FR', '0', FR)?.taxId).toBe(31);
    expect(t.find('export', 'FR', '0', FR)).toBeUndefined();
    expect(t.find('domestic', 'FR', '10', FR)).toBeUndefined();
    expect(t.find('domestic', 'FR', '10', BE)?.taxId).toBe(110);
  });

  it("lists the marketplace's rates with the any-marketplace ones", () => {
    expect(t.ratesFor('oss', 'FR', FR)).toEqual(['20', '5.5', '0']);
    expect(t.ratesFor('domestic', 'FR', BE)).toEqual(['10', '5.5']);
    expect(t.ratesFor('domestic', 'FR')).toEqual(['5.5']);
  });

  it('keys a marketplace row with a fourth part, and reads rows written before it as any marketplace', () => {
    expect(taxMapKey('oss', 'fr', '20.00', FR)).toBe(`oss|FR|20|${FR}`);
    expect(taxMapKey('oss', 'FR', '20', null)).toBe('oss|FR|20');
    expect(parseTaxKey(`oss|FR|20|${FR}`)).toEqual({ regime: 'oss', countryCode: 'FR', rate: '20', marketplaceId: FR });
    expect(parseTaxKey('oss|FR|20')).toEqual({ regime: 'oss', countryCode: 'FR', rate: '20' });
    expect(parseTaxKey('oss|FR|20|fr')).toBeUndefined();
  });
});
