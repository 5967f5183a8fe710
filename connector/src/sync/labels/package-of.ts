/**
 * A delivery's package (pure): its weight from the ERP's product weights (kg per unit, Odoo's `weight`) times the
 * units, a product without one counted at `defaultWeightGrams`, plus the packaging; its box from the products'
 * volumes (m3, Odoo's `volume`: a box of that volume with the default box's proportions, never smaller than a
 * small parcel) or the default box when no product carries a volume. Weights in whole grams: no float drift in
 * what is stored and compared.
 */
import type { LabelPicking, ProductShipping } from './erp/label-picking.gateway.ts';
import type { LabelsSettings } from './labels.settings.ts';

export interface PackageSpec {
  weightGrams: number;
  lengthCm: number;
  widthCm: number;
  heightCm: number;
  units: number;
}

const MIN_SIDE_CM = 5;

export function packageOf(picking: Pick<LabelPicking, 'lines'>, products: Map<number, ProductShipping>,
  s: Pick<LabelsSettings, 'defaultWeightGrams' | 'packagingGrams' | 'defaultDimensionsCm'>): PackageSpec {
  let grams = s.packagingGrams;
  let volumeCm3 = 0;
  let units = 0;
  for (const l of picking.lines) {
    const p = products.get(l.productId);
    const unitGrams = p && p.weightKg > 0 ? Math.round(p.weightKg * 1000) : s.defaultWeightGrams;
    grams += Math.round(unitGrams * l.units);
    volumeCm3 += p && p.volumeM3 > 0 ? p.volumeM3 * 1_000_000 * l.units : 0;
    units += l.units;
  }
  const d = s.defaultDimensionsCm;
  if (volumeCm3 <= 0) return { weightGrams: grams, lengthCm: d.length, widthCm: d.width, heightCm: d.height, units };
  // The default box scaled to the goods' volume (+15 % for filling): same proportions, whole centimetres.
  const scale = Math.cbrt((volumeCm3 * 1.15) / (d.length * d.width * d.height));
  const side = (x: number) => Math.max(MIN_SIDE_CM, Math.ceil(x * scale));
  return { weightGrams: grams, lengthCm: side(d.length), widthCm: side(d.width), heightCm: side(d.height), units };
}
