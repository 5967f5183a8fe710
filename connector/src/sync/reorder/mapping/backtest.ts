/**
 * Back-test of the forecast: walk forward over each SKU's history, forecast every next week from the weeks before
 * it only, and score it against what sold, next to a naive forecast (the average of the last 30 days, stock-outs
 * and all, as simple tools do). Score: weighted MAPE per SKU-week = sum |actual - forecast| / sum actual. Weeks
 * with a stock-out are not scored: their sales are censored (what sold is not what was wanted). Pure.
 */
import { dailyDemand } from './forecast.ts';
import { checkSeries, type WeekSales } from './velocity.ts';

export interface BacktestSeries {
  sku: string;
  weeks: readonly WeekSales[];
}

export interface BacktestScore {
  /** Weighted MAPE (0.25 = 25 %), null when nothing sold in the scored weeks. */
  ours: number | null;
  naive: number | null;
  scoredWeeks: number;
  actualUnits: number;
}

export interface BacktestResult extends BacktestScore {
  perSku: Array<BacktestScore & { sku: string }>;
  halfLifeWeeks: number;
  warmupWeeks: number;
}

/** Units a day over the 30 days before week `end` (four weeks and two days of the fifth), or over what exists. */
export function naiveDailyRate(weeks: readonly WeekSales[], end: number): number {
  let units = 0;
  let days = 0;
  for (let back = 1; back <= 5 && end - back >= 0; back++) {
    const share = back <= 4 ? 1 : 2 / 7;
    units += weeks[end - back]!.units * share;
    days += 7 * share;
  }
  return days > 0 ? units / days : 0;
}

interface Sums { ours: number; naive: number; actual: number; weeks: number }
const score = (s: Sums): BacktestScore => ({
  ours: s.actual > 0 ? s.ours / s.actual : null,
  naive: s.actual > 0 ? s.naive / s.actual : null,
  scoredWeeks: s.weeks,
  actualUnits: s.actual,
});

/** Scores both forecasts from week `warmupWeeks` on (the weeks before only feed the first forecasts). */
export function backtest(series: readonly BacktestSeries[], opts: { halfLifeWeeks: number; warmupWeeks?: number }): BacktestResult {
  const warmupWeeks = Math.max(1, opts.warmupWeeks ?? 8);
  const total: Sums = { ours: 0, naive: 0, actual: 0, weeks: 0 };
  const perSku: BacktestResult['perSku'] = [];
  for (const s of series) {
    checkSeries(s.weeks);
    const sums: Sums = { ours: 0, naive: 0, actual: 0, weeks: 0 };
    for (let i = warmupWeeks; i < s.weeks.length; i++) {
      const actual = s.weeks[i]!;
      if (actual.daysOutOfStock > 0) continue;
      const ours = dailyDemand(s.weeks, opts.halfLifeWeeks, 1, i).demand * 7;
      const naive = naiveDailyRate(s.weeks, i) * 7;
      sums.ours += Math.abs(actual.units - ours);
      sums.naive += Math.abs(actual.units - naive);
      sums.actual += actual.units;
      sums.weeks += 1;
    }
    perSku.push({ sku: s.sku, ...score(sums) });
    for (const k of ['ours', 'naive', 'actual', 'weeks'] as const) total[k] += sums[k];
  }
  return { ...score(total), perSku, halfLifeWeeks: opts.halfLifeWeeks, warmupWeeks };
}
