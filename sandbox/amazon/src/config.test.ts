import { describe, expect, it } from 'vitest';
import { DEFAULT_SELLERS, defaultMoneyShape, JP_SELLER, moneyShapeOf, resolveOptions, type SellerConfig } from './config.ts';
import { legacySellers } from './legacy-sellers.ts';

describe('seller money settings', () => {
  it('defaults follow the official model’s examples: VAT regions gross without TAX, North America net + TAX', () => {
    expect(defaultMoneyShape('eu')).toBe('gross_no_tax');
    expect(defaultMoneyShape('fe')).toBe('gross_no_tax');
    expect(defaultMoneyShape('na')).toBe('net_plus_tax');
  });

  it('the EU demo seller is a German company sending gross items without the TAX (its region’s default); the legacy sellers keep the old shape; the JP seller takes its region’s default', () => {
    expect(DEFAULT_SELLERS.map((s) => [s.moneyShape, s.extraCharges, s.establishedIn]))
      .toEqual([[undefined, undefined, 'DE'], ['net_plus_tax', undefined, undefined]]);
    expect(DEFAULT_SELLERS.map(moneyShapeOf)).toEqual(['gross_no_tax', 'net_plus_tax']);
    expect(legacySellers().map((s) => [s.moneyShape, s.extraCharges, s.establishedIn]))
      .toEqual([['net_plus_tax', false, undefined], ['net_plus_tax', false, undefined]]);
    expect([JP_SELLER.region, JP_SELLER.moneyShape, JP_SELLER.marketplaceIds]).toEqual(['fe', undefined, ['A1VC38T7YXB528']]);
  });

  it('refuses an unknown money shape, naming the seller', () => {
    const bad = { ...JP_SELLER, moneyShape: 'gross' } as unknown as SellerConfig;
    expect(() => resolveOptions({ sellers: [bad] })).toThrow(/A1FESANDBOX003: moneyShape must be one of/);
  });
});
