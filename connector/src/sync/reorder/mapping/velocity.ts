/**
 * Sales velocity (units a day) of one SKU on one marketplace from its weekly sales: recent weeks weigh more
 * (exponential weights, a half-life in weeks) and the days out of stock are left out, so a stock-out never reads as
 * low demand: a week's rate is its units over its in-stock days, weighted by those days; a week with no in-stock
 * day is excluded. Pure.
 */

/** One week of history, oldest first in a series; the caller fills weeks without sales with zero units. */
export interface WeekSales {
  /** The week's first day (YYYY-MM-DD), for the inputs shown with the figures. */
  week: string;
  units: number;
  /** Days of the week (0-7) the SKU could not be sold for lack of stock. */
  daysOutOfStock: number;
}

/** One week as the velocity used it. */
export interface WeekUsed {
  week: string;
  units: number;
  inStockDays: number;
  /** Its age weight (1 for the latest week, halving every half-life) times its in-stock days. */
  weight: number;
}

export interface Velocity {
  unitsPerDay: number;
  halfLifeWeeks: number;
  used: WeekUsed[];
  /** Weeks left out: no in-stock day. */
  excluded: string[];
  /** Over the weeks looked at (used and excluded): the days in stock, and the days out of stock left out. */
  inStockDays: number;
  daysOutOfStock: number;
}

/** Checks a series: whole units >= 0 and 0-7 days out of stock (the callers' data, never trusted). */
export function checkSeries(weeks: readonly WeekSales[]): void {
  for (const w of weeks) {
    if (!Number.isInteger(w.units) || w.units < 0) throw new RangeError(`week ${w.week}: units must be a whole number >= 0, got ${w.units}`);
    if (!Number.isInteger(w.daysOutOfStock) || w.daysOutOfStock < 0 || w.daysOutOfStock > 7) {
      throw new RangeError(`week ${w.week}: daysOutOfStock must be 0-7, got ${w.daysOutOfStock}`);
    }
  }
}

/** Weeks looked at: past four half-lives a week weighs under 1/16 of the latest, too little to matter. */
export const lookbackWeeks = (halfLifeWeeks: number): number => Math.max(1, Math.ceil(halfLifeWeeks * 4));

/**
 * The velocity over the last weeks of `weeks` (oldest first). `end` (exclusive) lets the back-test and the
 * seasonality look at an earlier point of the same series.
 */
export function velocity(weeks: readonly WeekSales[], halfLifeWeeks: number, end = weeks.length): Velocity {
  if (!(halfLifeWeeks > 0)) throw new RangeError(`halfLifeWeeks must be > 0, got ${halfLifeWeeks}`);
  const from = Math.max(0, end - lookbackWeeks(halfLifeWeeks));
  const used: WeekUsed[] = [];
  const excluded: string[] = [];
  let units = 0;
  let weightSum = 0;
  let daysOut = 0;
  for (let i = end - 1; i >= from; i--) {
    const w = weeks[i]!;
    const inStockDays = 7 - w.daysOutOfStock;
    daysOut += w.daysOutOfStock;
    if (inStockDays === 0) {
      excluded.push(w.week);
      continue;
    }
    const age = end - 1 - i;
    const weight = 0.5 ** (age / halfLifeWeeks) * inStockDays;
    // weight x (units / inStockDays) = age weight x units: in-stock days weigh the rate, not the units
    units += 0.5 ** (age / halfLifeWeeks) * w.units;
    weightSum += weight;
    used.push({ week: w.week, units: w.units, inStockDays, weight });
  }
  return {
    unitsPerDay: weightSum > 0 ? units / weightSum : 0, halfLifeWeeks, used: used.reverse(), excluded: excluded.reverse(),
    inStockDays: (end - from) * 7 - daysOut, daysOutOfStock: daysOut,
  };
}
