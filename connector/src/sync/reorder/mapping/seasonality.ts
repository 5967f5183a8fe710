/**
 * Seasonality from the same weeks a year earlier: the weeks ahead and the weeks the velocity was measured on, each
 * as an index against that year's average (the in-stock daily rate over the year-earlier span), and the factor =
 * ahead index / recent index, which moves the recent level to the season ahead (and carries last year's drift
 * between the two). Applied only when the history covers the year-earlier weeks; clamped, so one odd week a year
 * ago cannot multiply the forecast. Pure.
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
  aheadIndex?: number;
  recentIndex?: number;
  /** The first week of the year-earlier span looked at, and its length in weeks. */
  yearAgoFrom?: string;
  yearAgoWeeks?: number;
}

const NONE = (reason: string): Seasonality => ({ applied: false, reason, factor: 1 });

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
  const factor = Math.min(SEASONAL_CLAMP.max, Math.max(SEASONAL_CLAMP.min, aheadIndex / recentIndex));
  return { applied: true, factor, aheadIndex, recentIndex, yearAgoFrom: weeks[from]!.week, yearAgoWeeks: to - from };
}
