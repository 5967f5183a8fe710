/**
 * A delivery's packages (pure). Which units go in which package: the ERP's own packing when the warehouse packed
 * the delivery (Odoo's "Put in Pack": the move lines' destination package, `result_package_id`), one package per
 * ERP package in package id order, the units packed in none as one more; else the backend's rule
 * (`labels.maxPackageGrams`): the units filled into packages in the delivery's order, a package closed before it
 * would pass the maximum (a unit heavier than the maximum alone in its package); no maximum, one package.
 * Each package's weight from the ERP's product weights (kg per unit, Odoo's `weight`) times the units, a product
 * without one counted at `defaultWeightGrams`, plus the packaging; its box from the products' volumes (m3, Odoo's
 * `volume`: a box of that volume with the default box's proportions, never smaller than a small parcel) or the
 * default box when no product carries a volume. Weights in whole grams: no float drift in what is stored and
 * compared. The numbering is deterministic (the same delivery gives the same packages on every retry): a
 * package's number is part of its idempotency key.
 */
import type { LabelPicking, ProductShipping } from './erp/label-picking.gateway.ts';
import type { LabelsSettings } from './labels.settings.ts';

export interface PackageSpec {
  /** 1-based, stable: part of the idempotency key and of Amazon's package reference. */
  no: number;
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  units: number;
  /** The ERP package it stands for (Odoo's package name), null for a package made by the rule. */
  erpPackage: { id: number; name: string } | null;
}

type Line = { productId: number; units: number };
type Settings = Pick<LabelsSettings, 'defaultWeightGrams' | 'packagingGrams' | 'defaultDimensionsCm'> & Partial<Pick<LabelsSettings, 'maxPackageGrams'>>;

const MIN_SIDE_CM = 5;

const unitGramsOf = (products: Map<number, ProductShipping>, s: Settings, productId: number) => {
  const p = products.get(productId);
  return p && p.weightKg > 0 ? Math.round(p.weightKg * 1000) : s.defaultWeightGrams;
};

/** One package of `lines` (weight, box, units), numbered `no`. */
export function packageOf(picking: { lines: readonly Line[] }, products: Map<number, ProductShipping>, s: Settings, no = 1, erpPackage: PackageSpec['erpPackage'] = null): PackageSpec {
  let grams = s.packagingGrams;
  let volumeCm3 = 0;
  let units = 0;
  for (const l of picking.lines) {
    const p = products.get(l.productId);
    grams += Math.round(unitGramsOf(products, s, l.productId) * l.units);
    volumeCm3 += p && p.volumeM3 > 0 ? p.volumeM3 * 1_000_000 * l.units : 0;
    units += l.units;
  }
  const d = s.defaultDimensionsCm;
  if (volumeCm3 <= 0) return { no, weightGrams: grams, lengthCm: d.length, widthCm: d.width, heightCm: d.height, units, erpPackage };
  // The default box scaled to the goods' volume (+15 % for filling): same proportions, whole centimetres.
  const scale = Math.cbrt((volumeCm3 * 1.15) / (d.length * d.width * d.height));
  const side = (x: number) => Math.max(MIN_SIDE_CM, Math.ceil(x * scale));
  return { no, weightGrams: grams, lengthCm: side(d.length), widthCm: side(d.width), heightCm: side(d.height), units, erpPackage };
}

/** The delivery's packages: the ERP's packing when it has one, else the weight rule (see the file's comment). */
export function packagesOf(picking: Pick<LabelPicking, 'lines' | 'packedLines'>, products: Map<number, ProductShipping>, s: Settings): PackageSpec[] {
  const packed = picking.packedLines.filter((l) => l.package !== null);
  if (packed.length) {
    const byPackage = new Map<number, { name: string; lines: Line[] }>();
    for (const l of [...packed].sort((a, b) => a.package!.id - b.package!.id)) {
      const e = byPackage.get(l.package!.id) ?? { name: l.package!.name, lines: [] };
      e.lines.push({ productId: l.productId, units: l.units });
      byPackage.set(l.package!.id, e);
    }
    const out = [...byPackage].map(([id, e], i) => packageOf(e, products, s, i + 1, { id, name: e.name }));
    const loose = picking.packedLines.filter((l) => l.package === null && l.units > 0);
    if (loose.length) out.push(packageOf({ lines: loose }, products, s, out.length + 1));
    return out;
  }
  return splitByWeight(picking.lines, products, s).map((lines, i) => packageOf({ lines }, products, s, i + 1));
}

/** The units filled into packages of at most `maxPackageGrams` (packaging included); whole units, in line order. */
export function splitByWeight(lines: readonly Line[], products: Map<number, ProductShipping>, s: Settings): Line[][] {
  const max = s.maxPackageGrams ?? null;
  if (!max) return [lines.filter((l) => l.units > 0)];
  const room = max - s.packagingGrams;
  const boxes: Line[][] = [];
  let box: Line[] = [];
  let grams = 0;
  const put = (productId: number, units: number, g: number) => {
    const last = box[box.length - 1];
    if (last && last.productId === productId) last.units += units;
    else box.push({ productId, units });
    grams += g;
  };
  const close = () => { if (box.length) boxes.push(box); box = []; grams = 0; };
  for (const l of lines) {
    const unit = unitGramsOf(products, s, l.productId);
    let left = l.units;
    while (left > 0) {
      const fits = unit > 0 ? Math.floor((room - grams) / unit) : left;
      if (fits <= 0) {
        if (box.length) { close(); continue; }
        put(l.productId, Math.min(1, left), Math.round(unit * Math.min(1, left))); // heavier than a package: alone
        left -= Math.min(1, left);
        close();
        continue;
      }
      // Fractional demand (a product sold by weight) goes whole into one package: it is not counted in pieces.
      const n = Number.isInteger(left) ? Math.min(left, fits) : left;
      put(l.productId, n, Math.round(unit * n));
      left -= n;
      if (left > 0) close();
    }
  }
  close();
  return boxes.length ? boxes : [[]];
}
