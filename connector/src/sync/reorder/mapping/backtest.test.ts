import { describe, expect, it } from 'vitest';
import { backtest, naiveDailyRate, type BacktestSeries } from './backtest.ts';
import type { WeekSales } from './velocity.ts';

const week = (i: number): string => new Date(Date.UTC(2023, 0, 2) + i * 7 * 86_400_000).toISOString().slice(0, 10);

/** A deterministic pseudo-random source (a linear congruential generator): the same history every run. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Two and a half years of weekly sales with a trend (+30 % a year), a yearly season (a summer peak and a December
 * peak), +-15 % noise, and a few stock-outs (the units of a week scaled to its in-stock days).
 */
function history(sku: string, base: number, seed: number): BacktestSeries {
  const rnd = lcg(seed);
  const weeks: WeekSales[] = [];
  for (let i = 0; i < 130; i++) {
    const woy = i % 52;
    const season = 1 + 0.5 * Math.sin((2 * Math.PI * (woy - 13)) / 52) + (woy >= 47 && woy <= 50 ? 0.8 : 0);
    const demand = base * 7 * (1 + (0.3 * i) / 52) * season * (0.85 + 0.3 * rnd());
    const daysOutOfStock = rnd() < 0.06 ? 3 + Math.floor(rnd() * 5) : 0;
    weeks.push({ week: week(i), units: Math.round((demand * (7 - daysOutOfStock)) / 7), daysOutOfStock });
  }
  return { sku, weeks };
}

describe('back-test', () => {
  const skus = [history('MUG-1', 4, 1), history('TEA-2', 12, 2), history('LAMP-3', 1.5, 3)];

  it('beats the last-30-days average on a history with trend, season and stock-outs', () => {
    const r = backtest(skus, { halfLifeWeeks: 3, warmupWeeks: 60 });
    expect(r.scoredWeeks).toBeGreaterThan(150);
    expect(r.ours).not.toBeNull();
    expect(r.ours!).toBeLessThan(r.naive!);
    for (const s of r.perSku) expect(s.ours!, s.sku).toBeLessThan(s.naive!);
    // printed for the record (the bench prints it too)
    console.info(`back-test wMAPE: ours ${(r.ours! * 100).toFixed(1)} %, naive ${(r.naive! * 100).toFixed(1)} % over ${r.scoredWeeks} SKU-weeks`);
  });

  it('scores only weeks without a stock-out, and says so when nothing sold', () => {
    const weeks: WeekSales[] = [70, 70, 70, 70, 70, 0, 70].map((u, i) => ({ week: week(i), units: u, daysOutOfStock: i === 5 ? 7 : 0 }));
    const r = backtest([{ sku: 'A', weeks }], { halfLifeWeeks: 2, warmupWeeks: 4 });
    expect(r.scoredWeeks).toBe(2);
    expect(r.ours).toBeCloseTo(0, 10);
    // the naive average counts the stock-out week as no demand
    expect(r.naive!).toBeGreaterThan(0.1);
    const none = backtest([{ sku: 'B', weeks: weeks.map((w) => ({ ...w, units: 0 })) }], { halfLifeWeeks: 2, warmupWeeks: 4 });
    expect(none).toMatchObject({ ours: null, naive: null });
  });

  it('takes the naive rate over four weeks and two days', () => {
    const weeks: WeekSales[] = [700, 70, 70, 70, 70].map((u, i) => ({ week: week(i), units: u, daysOutOfStock: 0 }));
    expect(naiveDailyRate(weeks, 5)).toBeCloseTo((280 + 200) / 30, 10);
    expect(naiveDailyRate(weeks, 2)).toBeCloseTo(770 / 14, 10);
    expect(naiveDailyRate(weeks, 0)).toBe(0);
  });
});
