import { describe, expect, it } from 'vitest';
import { reorderAdvice, type ForecastTerms } from './forecast.ts';
import { coverDays, orderpointLevels, suggestedQuantity } from './reorder-quantity.ts';
import { seasonality } from './seasonality.ts';
import { velocity, type WeekSales } from './velocity.ts';

const week = (i: number): string => new Date(Date.UTC(2024, 0, 1) + i * 7 * 86_400_000).toISOString().slice(0, 10);
const series = (units: number[], oos: Record<number, number> = {}): WeekSales[] =>
  units.map((u, i) => ({ week: week(i), units: u, daysOutOfStock: oos[i] ?? 0 }));
const terms: ForecastTerms = { leadTimeDays: 14, targetCoverDays: 28, moq: 0, casePack: 1, halfLifeWeeks: 4 };

describe('velocity', () => {
  it('is the daily rate of a steady seller', () => {
    expect(velocity(series(Array(12).fill(70)), 4).unitsPerDay).toBeCloseTo(10, 10);
  });

  it('weighs recent weeks more: half-life 1 week, last week 140, the one before 70', () => {
    const v = velocity(series([70, 140]), 1);
    // weights 1 (latest) and 0.5: (140 + 0.5 x 70) / (7 + 0.5 x 7) = 175 / 10.5
    expect(v.unitsPerDay).toBeCloseTo(175 / 10.5, 10);
    expect(v.used.map((w) => w.weight)).toEqual([3.5, 7]);
  });

  it('leaves out the days out of stock: a stock-out never reads as low demand', () => {
    // 10 a day throughout; week 2 sold 30 in its 3 in-stock days, week 3 was out all week
    const v = velocity(series([70, 70, 30, 0, 70], { 2: 4, 3: 7 }), 2);
    expect(v.unitsPerDay).toBeCloseTo(10, 10);
    expect(v.excluded).toEqual([week(3)]);
    expect(v.used.find((w) => w.week === week(2))).toMatchObject({ inStockDays: 3, units: 30 });
  });

  it('is 0 without any in-stock day, and refuses bad weeks', () => {
    expect(velocity(series([0, 0], { 0: 7, 1: 7 }), 4).unitsPerDay).toBe(0);
    expect(() => reorderAdvice({ weeks: series([-1]), onHand: 0, inbound: 0, terms })).toThrow(/units/);
    expect(() => reorderAdvice({ weeks: series([1], { 0: 8 }), onHand: 0, inbound: 0, terms })).toThrow(/daysOutOfStock/);
    expect(() => velocity(series([1]), 0)).toThrow(/halfLifeWeeks/);
  });
});

describe('seasonality', () => {
  // a year of 10/day, then a peak of 20/day for weeks 40-49 of each year, and 10/day again
  const seasonal = (weeks: number, level = 1) => series(Array.from({ length: weeks }, (_, i) => Math.round(70 * level * (i % 52 >= 40 && i % 52 < 50 ? 2 : 1))));

  it('is not applied before the history covers the same weeks a year earlier', () => {
    const s = seasonality(seasonal(40), 4, 2);
    expect(s).toMatchObject({ applied: false, factor: 1 });
    expect(s.reason).toMatch(/weeks of history/);
  });

  it('raises the demand ahead of last year\'s peak, and lowers it after', () => {
    const before = seasonality(seasonal(52 + 40), 2, 4);
    expect(before.applied).toBe(true);
    expect(before.rawFactor).toBeCloseTo(2, 5);
    expect(before.aheadIndex! / before.recentIndex!).toBeCloseTo(before.rawFactor!, 10);
    // 560 units a year earlier stand behind it: pulled towards 1 by 20 / (560 + 20)
    expect(before.yearAgoUnits).toBe(560);
    expect(before.factor).toBeCloseTo(1 + 560 / 580, 10);
    const after = seasonality(seasonal(52 + 50), 2, 2);
    expect(after.rawFactor).toBeCloseTo(0.5, 1);
    expect(after.factor).toBeCloseTo(1 - 0.5 * (140 / 160), 1);
  });

  it('trusts a season resting on a handful of sales less (Poisson noise, not a season)', () => {
    const few = seasonality(seasonal(52 + 40, 1 / 70), 2, 1);
    expect(few.rawFactor).toBeCloseTo(2, 5);
    expect(few.yearAgoUnits).toBe(2);
    expect(few.factor).toBeCloseTo(1 + 2 / 22, 10);
  });

  it('gives the advice the season ahead, with the inputs that produced it', () => {
    const advice = reorderAdvice({ weeks: seasonal(52 + 40), onHand: 100, inbound: 20, terms: { ...terms, halfLifeWeeks: 2, leadTimeDays: 7, targetCoverDays: 21 } });
    expect(advice.inputs.seasonality.applied).toBe(true);
    const factor = 1 + 560 / 580;
    expect(advice.dailyDemand).toBeCloseTo(10 * factor, 5);
    expect(advice.coverDays).toBeCloseTo(120 / (10 * factor), 5);
    expect(advice.suggested).toMatchObject({ quantity: 431, needed: 551, available: 120 });
    expect(advice.inputs).toMatchObject({ onHand: 100, inbound: 20, historyWeeks: 92 });
  });
});

describe('cover and quantity', () => {
  it('counts inbound in the cover, and nothing sells: cover for ever', () => {
    expect(coverDays(5, 40, 10)).toBe(10);
    expect(coverDays(0, 40, 10)).toBeNull();
  });

  it('orders nothing when the cover suffices', () => {
    expect(suggestedQuantity(2, 80, 20, { leadTimeDays: 10, targetCoverDays: 30, moq: 50, casePack: 12 })).toMatchObject({ quantity: 0, shortfall: -20 });
  });

  it('rounds up to the case pack, and to at least the MOQ', () => {
    const t = { leadTimeDays: 10, targetCoverDays: 20, moq: 0, casePack: 12 };
    expect(suggestedQuantity(3, 50, 0, t)).toMatchObject({ quantity: 48, shortfall: 40, roundedBy: 'casePack' });
    expect(suggestedQuantity(3, 50, 0, { ...t, moq: 100 })).toMatchObject({ quantity: 108, roundedBy: 'moq+casePack' });
    expect(suggestedQuantity(3, 50, 0, { ...t, casePack: 1, moq: 100 })).toMatchObject({ quantity: 100, roundedBy: 'moq' });
    expect(suggestedQuantity(3, 50, 0, { ...t, casePack: 1 })).toMatchObject({ quantity: 40, roundedBy: 'none' });
    expect(() => suggestedQuantity(3, 50, 0, { ...t, casePack: 0 })).toThrow(/casePack/);
  });

  it('gives min/max levels for the ERP reordering rule', () => {
    expect(orderpointLevels(2.5, { leadTimeDays: 10, targetCoverDays: 20, moq: 0, casePack: 1 })).toEqual({ min: 25, max: 75 });
    expect(orderpointLevels(0, { leadTimeDays: 10, targetCoverDays: 20, moq: 0, casePack: 1 })).toEqual({ min: 0, max: 0 });
  });
});
