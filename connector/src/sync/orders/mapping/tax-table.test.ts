import { describe, expect, it } from 'vitest';
import { buildTaxTable, parseTaxKey } from './tax-table.ts';

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
