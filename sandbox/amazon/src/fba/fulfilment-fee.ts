/**
 * FBA fulfilment fee by size tier (`FBAPerUnitFulfillmentFee` in settlements). Modelled on Amazon's published EU
 * (amazon.de) rate card: an APPROXIMATION of the card's structure and of its local (non-peak) figures, not a copy:
 *  - small standard = the card's envelopes: package within 33 x 23 x 2.5 cm, unit weight up to 460 g;
 *  - large standard = its parcels: within 45 x 34 x 26 cm, up to 11.9 kg, charged by unit-weight band;
 *  - large bulky = its oversize: anything larger or heavier, charged by the greater of unit weight and volumetric
 *    weight (L x W x H cm / 5,000) at a base for the first kg plus a per-started-kg step (special oversize above
 *    31.5 kg is not modelled apart: the same step continues).
 * Sides are compared sorted (longest, median, shortest), as Amazon measures. Limits are inclusive. The figures are
 * EUR cents; other marketplace currencies get them converted at the sandbox's reference rates (deposit-fx.ts), as
 * one card for every marketplace (Amazon publishes separate UK, SE and PL cards; the sandbox does not model them).
 */
import type { PackageSize } from '../catalogue.ts';
import { convertPayout } from '../finances/deposit-fx.ts';

export type SizeTier = 'small-standard' | 'large-standard' | 'large-bulky';

const SMALL_STANDARD = { sides: [33, 23, 2.5], maxG: 460 } as const;
const LARGE_STANDARD = { sides: [45, 34, 26], maxG: 11_900 } as const;
/** Small standard bands: [up to grams, EUR cents]. */
const SMALL_BANDS: readonly [number, number][] = [[80, 207], [210, 227], [460, 246]];
/** Large standard bands: [up to grams, EUR cents]. */
const LARGE_BANDS: readonly [number, number][] = [[400, 327], [900, 369], [1_900, 442], [2_900, 479], [4_900, 553], [11_900, 736]];
/** Large bulky: the first kg, then each started kg above it (EUR cents). */
const BULKY_BASE = 639;
const BULKY_PER_KG = 33;
const VOLUMETRIC_DIVISOR = 5_000;

const sorted = (p: PackageSize) => [p.lengthCm, p.widthCm, p.heightCm].sort((a, b) => b - a);
const fits = (p: PackageSize, limit: { sides: readonly number[]; maxG: number }) =>
  p.weightG <= limit.maxG && sorted(p).every((side, i) => side <= limit.sides[i]!);

/** The size tier of a package. */
export function sizeTierOf(p: PackageSize): SizeTier {
  if (fits(p, SMALL_STANDARD)) return 'small-standard';
  if (fits(p, LARGE_STANDARD)) return 'large-standard';
  return 'large-bulky';
}

/** The weight a bulky unit is charged on (grams): its unit weight or its volumetric weight, whichever is greater. */
export function bulkyWeightG(p: PackageSize): number {
  return Math.max(p.weightG, Math.ceil((p.lengthCm * p.widthCm * p.heightCm * 1000) / VOLUMETRIC_DIVISOR));
}

/** The fee per unit in EUR cents, by tier and weight band. */
export function fulfilmentFeeEurCents(p: PackageSize): number {
  const band = (bands: readonly [number, number][]) => bands.find(([maxG]) => p.weightG <= maxG)![1];
  switch (sizeTierOf(p)) {
    case 'small-standard': return band(SMALL_BANDS);
    case 'large-standard': return band(LARGE_BANDS);
    case 'large-bulky': return BULKY_BASE + BULKY_PER_KG * Math.max(0, Math.ceil(bulkyWeightG(p) / 1000) - 1);
  }
}

/** The fee per unit in `currency`'s minor units (the EUR figure at the sandbox's reference rate). */
export function fulfilmentFeePerUnit(p: PackageSize, currency: string): number {
  return convertPayout(fulfilmentFeeEurCents(p), 'EUR', currency);
}
