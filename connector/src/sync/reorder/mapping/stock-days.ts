/**
 * Days out of stock from the hourly stock samples (stock-days/): a day's hours as bitmasks (bit h = UTC hour h),
 * the day rule, and the days per week that the weekly series hand to the velocity. Pure.
 */
import { mondayOf } from './weekly-series.ts';

/**
 * Hours at zero that make a day out of stock when the day was sampled at least this often: half a day. The
 * velocity works in whole days (a week's rate is its units over its in-stock days), so a day with some hours out
 * is either counted whole or left out whole; at half the day the two errors are equal (counted: its sales read as
 * a full day's demand when it sold for less than half; left out: the sales of its in-stock hours are spread over
 * the other days), so the majority of the hours decides, rounded towards "out" at exactly half (a morning-long
 * stock-out usually costs the busiest hours). A day sampled fewer times (the connector stopped, the first day of
 * the record) is out only when every sampled hour was at zero: a few hours cannot claim half a day, and the
 * samples missed may have been in stock.
 */
export const OUT_OF_STOCK_HOURS = 12;

/** The bits set in a 24-bit hour mask. */
export function hoursIn(mask: number): number {
  let n = 0;
  for (let m = mask & 0xffffff; m; m &= m - 1) n++;
  return n;
}

/** Whether a day whose samples were `sampled` (mask) and whose zero readings were `zero` (mask) was out of stock. */
export function isOutOfStockDay(zero: number, sampled: number): boolean {
  const sampledHours = hoursIn(sampled);
  if (sampledHours === 0) return false;
  return hoursIn(zero & sampled) >= Math.min(OUT_OF_STOCK_HOURS, sampledHours);
}

/** Out-of-stock days (YYYY-MM-DD) -> days per week (its Monday), what `weeklySeries` puts in `daysOutOfStock`. */
export function daysOutPerWeek(days: Iterable<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const d of new Set(days)) {
    const week = mondayOf(new Date(`${d}T00:00:00Z`));
    out.set(week, (out.get(week) ?? 0) + 1);
  }
  return out;
}
