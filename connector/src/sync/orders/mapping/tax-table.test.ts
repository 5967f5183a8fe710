import { describe, expect, it } from 'vitest';
import { buildTaxTable } from './tax-table.ts';

describe('tax table', () => {
  it('finds an ERP tax by marketplace, ship-to country and rate, however the rate is written', () => {
    const t = buildTaxTable([
      { marketplaceId: 'A13V1IB3VIYZZH', countryCode: 'fr', rate: '5.50', taxId: 7, priceIncluded: true },
      { marketplaceId: 'A13V1IB3VIYZZH', countryCode: 'FR', rate: '20', taxId: 8, priceIncluded: true },
    ]);
    expect(t.find('A13V1IB3VIYZZH', 'FR', '5.5')?.taxId).toBe(7);
    expect(t.find('A13V1IB3VIYZZH', 'fr', '20.00')?.taxId).toBe(8);
    expect(t.find('A13V1IB3VIYZZH', 'BE', '20')).toBeUndefined();
    expect(t.find('A1PA6795UKMFR9', 'FR', '20')).toBeUndefined();
    expect(t.ratesFor('A13V1IB3VIYZZH', 'FR')).toEqual(['5.5', '20']);
  });
});
