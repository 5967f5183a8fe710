import { describe, expect, it } from 'vitest';
import { packagesOf, splitByWeight } from './package-of.ts';

const settings = { defaultWeightGrams: 500, packagingGrams: 100, defaultDimensionsCm: { length: 30, width: 20, height: 10 }, maxPackageGrams: null as number | null };
const products = new Map([[1, { weightKg: 2, volumeM3: 0 }], [2, { weightKg: 0.5, volumeM3: 0 }], [3, { weightKg: 12, volumeM3: 0 }]]);

describe('the packages of a delivery', () => {
  it('one package without a maximum and without ERP packages', () => {
    const p = packagesOf({ lines: [{ productId: 1, units: 3 }, { productId: 2, units: 2 }], packedLines: [] }, products, settings);
    expect(p.map((x) => [x.no, x.weightGrams, x.units])).toEqual([[1, 100 + 6000 + 1000, 5]]);
  });

  it('the weight rule fills packages up to the maximum, packaging included; a unit heavier than it goes alone', () => {
    const s = { ...settings, maxPackageGrams: 5000 };
    // 4 x 2 kg: two fit in 4.9 kg of room, then two more; 3 x 0.5 kg fill the second one; 12 kg alone.
    const boxes = splitByWeight([{ productId: 1, units: 4 }, { productId: 2, units: 3 }, { productId: 3, units: 1 }], products, s);
    expect(boxes).toEqual([[{ productId: 1, units: 2 }], [{ productId: 1, units: 2 }, { productId: 2, units: 1 }], [{ productId: 2, units: 2 }], [{ productId: 3, units: 1 }]]);
    const p = packagesOf({ lines: [{ productId: 1, units: 4 }, { productId: 2, units: 3 }, { productId: 3, units: 1 }], packedLines: [] }, products, s);
    expect(p.map((x) => x.no)).toEqual([1, 2, 3, 4]);
    expect(p.slice(0, 3).every((x) => x.weightGrams <= 5000)).toBe(true);
    expect(p.reduce((n, x) => n + x.units, 0)).toBe(8);
    expect(p[3]!.weightGrams).toBe(12_100);
  });

  it("the ERP's packing wins over the rule: one package per ERP package in id order, the unpacked units as one more", () => {
    const packedLines = [
      { productId: 2, units: 1, package: { id: 9, name: 'PACK0000009' } },
      { productId: 1, units: 1, package: { id: 4, name: 'PACK0000004' } },
      { productId: 2, units: 1, package: { id: 4, name: 'PACK0000004' } },
      { productId: 1, units: 2, package: null },
    ];
    const p = packagesOf({ lines: [{ productId: 1, units: 3 }, { productId: 2, units: 2 }], packedLines }, products, { ...settings, maxPackageGrams: 1000 });
    expect(p.map((x) => [x.no, x.erpPackage?.name ?? null, x.weightGrams, x.units])).toEqual([
      [1, 'PACK0000004', 100 + 2000 + 500, 2], [2, 'PACK0000009', 600, 1], [3, null, 4100, 2]]);
  });

  it('is deterministic: the same delivery gives the same packages (their numbers are in the idempotency keys)', () => {
    const d = { lines: [{ productId: 1, units: 5 }, { productId: 2, units: 7 }], packedLines: [] };
    const s = { ...settings, maxPackageGrams: 3000 };
    expect(packagesOf(d, products, s)).toEqual(packagesOf(d, products, s));
  });
});
