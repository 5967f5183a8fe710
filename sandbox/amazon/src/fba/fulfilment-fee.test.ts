import { describe, expect, it } from 'vitest';
import { loadCatalogue, packageOf, type PackageSize } from '../catalogue.ts';
import { bulkyWeightG, fulfilmentFeeEurCents, fulfilmentFeePerUnit, sizeTierOf } from './fulfilment-fee.ts';

const pkg = (lengthCm: number, widthCm: number, heightCm: number, weightG: number): PackageSize => ({ lengthCm, widthCm, heightCm, weightG });

describe('FBA fulfilment fee by size tier', () => {
  it('a small item (envelope-sized) is small standard, charged by its weight band', () => {
    expect(sizeTierOf(pkg(20, 15, 1, 60))).toBe('small-standard');
    expect(fulfilmentFeeEurCents(pkg(20, 15, 1, 60))).toBe(207);
    expect(fulfilmentFeeEurCents(pkg(20, 15, 1, 81))).toBe(227);
    expect(fulfilmentFeeEurCents(pkg(20, 15, 1, 300))).toBe(246);
  });

  it('small standard boundaries: 33 x 23 x 2.5 cm and 460 g inclusive, sides compared sorted', () => {
    expect(sizeTierOf(pkg(33, 23, 2.5, 460))).toBe('small-standard');
    expect(sizeTierOf(pkg(2.5, 33, 23, 460))).toBe('small-standard');
    expect(sizeTierOf(pkg(33.1, 23, 2.5, 460))).toBe('large-standard');
    expect(sizeTierOf(pkg(33, 23.1, 2.5, 460))).toBe('large-standard');
    expect(sizeTierOf(pkg(33, 23, 2.6, 460))).toBe('large-standard');
    expect(sizeTierOf(pkg(33, 23, 2.5, 461))).toBe('large-standard');
    expect(fulfilmentFeeEurCents(pkg(33, 23, 2.5, 80))).toBe(207);
    expect(fulfilmentFeeEurCents(pkg(33, 23, 2.5, 210))).toBe(227);
  });

  it('a large standard parcel is charged by its unit-weight band, limits inclusive', () => {
    expect(sizeTierOf(pkg(30, 20, 10, 420))).toBe('large-standard');
    const fee = (g: number) => fulfilmentFeeEurCents(pkg(30, 20, 10, g));
    expect([fee(100), fee(400), fee(401), fee(900), fee(901), fee(1_900), fee(2_900), fee(4_900), fee(4_901), fee(11_900)])
      .toEqual([327, 327, 369, 369, 442, 442, 479, 553, 736, 736]);
    expect(sizeTierOf(pkg(45, 34, 26, 11_900))).toBe('large-standard');
    expect(sizeTierOf(pkg(26, 45, 34, 11_900))).toBe('large-standard');
  });

  it('a bulky one: over 45 x 34 x 26 cm or 11.9 kg, charged on the greater of unit and volumetric weight', () => {
    for (const p of [pkg(45.1, 34, 26, 1_000), pkg(45, 34.1, 26, 1_000), pkg(45, 34, 26.1, 1_000), pkg(30, 20, 10, 11_901)]) expect(sizeTierOf(p)).toBe('large-bulky');
    // 60 x 40 x 30 cm = 72,000 cm3 / 5,000 = 14.4 kg volumetric, over its 3 kg: 15 started kg -> 6.39 + 14 x 0.33.
    expect(bulkyWeightG(pkg(60, 40, 30, 3_000))).toBe(14_400);
    expect(fulfilmentFeeEurCents(pkg(60, 40, 30, 3_000))).toBe(639 + 14 * 33);
    // Heavy and compact: the unit weight counts (11,901 g -> 12 started kg).
    expect(fulfilmentFeeEurCents(pkg(30, 20, 10, 11_901))).toBe(639 + 11 * 33);
    // Light and bulky, within the first kg: the base.
    expect(fulfilmentFeeEurCents(pkg(46, 10, 10, 500))).toBe(639);
  });

  it('other currencies get the EUR figure at the sandbox reference rates', () => {
    const p = pkg(30, 20, 10, 420);
    expect(fulfilmentFeePerUnit(p, 'EUR')).toBe(369);
    expect(fulfilmentFeePerUnit(p, 'GBP')).toBe(Math.round(369 * 0.8537));
    expect(fulfilmentFeePerUnit(p, 'JPY')).toBe(Math.round(3.69 * 161.23));
  });

  it('every catalogue SKU has its package, the catalogue spans all three tiers, an unknown SKU gets a stable parcel', () => {
    const catalogue = loadCatalogue();
    for (const p of catalogue.products) expect(packageOf(catalogue, p.sellerSku)).toEqual(p.package);
    const tiers = new Set(catalogue.products.map((p) => sizeTierOf(packageOf(catalogue, p.sellerSku))));
    expect([...tiers].sort()).toEqual(['large-bulky', 'large-standard', 'small-standard']);
    expect(sizeTierOf(packageOf(catalogue, 'TRAY-BAMBOO'))).toBe('large-bulky');
    const odd = packageOf(catalogue, 'NOT-IN-CATALOGUE-1');
    expect(packageOf(catalogue, 'NOT-IN-CATALOGUE-1')).toEqual(odd);
    expect(sizeTierOf(odd)).toBe('large-standard');
  });
});
