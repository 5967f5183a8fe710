/**
 * Seasonality from the same weeks a year earlier: the weeks ahead and the weeks the velocity was measured on, each
 * as an index against that year's average (the in-stock daily rate over the year-earlier span), and the factor =
 * ahead index / recent index, which moves the recent level to the season ahead (and carries last year's drift
 * between the two). Applied only when the history covers the year-earlier weeks; clamped, so one odd week a year
 * ago cannot multiply the forecast, and pulled towards 1 when few units stand behind it. Pure.
 */
import { lookbackWeeks, velocity, type WeekSales } from './velocity.ts';

export const WEEKS_A_YEAR = 52;
/** The factor stays within these bounds. */
export const SEASONAL_CLAMP = { min: 0.25, max: 4 } as const;

export interface Seasonality {
  applied: boolean;
  /** Why it was not applied (history too short, no sales a year earlier). */
  reason?: string;
  factor: number;
  /** ahead / recent index, clamped, before the pull towards 1. */
  rawFactor?: number;
  /** Units sold in the weeks ahead a year earlier: what the factor rests on. */
  yearAgoUnits?: number;
  aheadIndex?: number;
  recentIndex?: number;
  /** The first week of the year-earlier span looked at, and its length in weeks. */
  yearAgoFrom?: string;
  yearAgoWeeks?: number;
}

const NONE = (reason: string): Seasonality => ({ applied: false, reason, factor: 1 });

/**
 * Units a year-earlier index must rest on to count fully: with fewer, the factor is pulled towards 1 in proportion
 * (n / (n + this)), since a handful of sales a year ago is mostly chance (Poisson: relative noise 1 / sqrt(n)).
 */
export const SEASONAL_SHRINK_UNITS = 20;

/** In-stock daily rate over weeks [from, to), or null when no in-stock day. */
function rate(weeks: readonly WeekSales[], from: number, to: number): number | null {
  let units = 0;
  let days = 0;
  for (let i = from; i < to; i++) {
    units += weeks[i]!.units;
    days += 7 - weeks[i]!.daysOutOfStock;
  }
  return days > 0 ? units / days : null;
}

/** The seasonal factor for the `aheadWeeks` weeks after `end` (exclusive) of `weeks`. */
export function seasonality(weeks: readonly WeekSales[], halfLifeWeeks: number, aheadWeeks: number, end = weeks.length): Seasonality {
  const back = lookbackWeeks(halfLifeWeeks);
  const ago = end - WEEKS_A_YEAR;
  const from = ago - back;
  if (from < 0) return NONE(`needs ${WEEKS_A_YEAR + back} weeks of history, has ${end}`);
  const to = ago + Math.max(1, aheadWeeks);
  const yearRate = rate(weeks, from, to);
  const aheadRate = rate(weeks, ago, to);
  // the recent weeks a year earlier, weighted as the velocity weighs them now
  const recentRate = velocity(weeks, halfLifeWeeks, ago).unitsPerDay;
  if (!yearRate || aheadRate === null || recentRate <= 0) return NONE('no sales in the same weeks a year earlier');
  const aheadIndex = aheadRate / yearRate;
  const recentIndex = recentRate / yearRate;
  let units = 0;
  for (let i = ago; i < to; i++) units += weeks[i]!.units;
  const raw = Math.min(SEASONAL_CLAMP.max, Math.max(SEASONAL_CLAMP.min, aheadIndex / recentIndex));
  const factor = 1 + (raw - 1) * (units / (units + SEASONAL_SHRINK_UNITS));
  return { applied: true, factor, rawFactor: raw, yearAgoUnits: units, aheadIndex, recentIndex, yearAgoFrom: weeks[from]!.week, yearAgoWeeks: to - from };
}
