import { describe, expect, it } from 'vitest';
import { backendAdvice } from './backend-advice.ts';
import { daysOutPerWeek, hoursIn, isOutOfStockDay, OUT_OF_STOCK_HOURS } from './stock-days.ts';
import { velocity } from './velocity.ts';
import { weeklySeries } from './weekly-series.ts';

/** A mask of the hours [from, to). */
const hours = (from: number, to: number): number => {
  let m = 0;
  for (let h = from; h < to; h++) m |= 1 << h;
  return m;
};
const ALL_DAY = hours(0, 24);

describe('the day rule: a day is out of stock when the SKU was at zero for most of its sampled hours', () => {
  it('counts the hours of a mask', () => {
    expect([hoursIn(0), hoursIn(1 << 23), hoursIn(ALL_DAY), hoursIn(hours(3, 10))]).toEqual([0, 1, 24, 7]);
  });

  it('marks a day fully sampled as out from 12 hours at zero on, not at 11', () => {
    expect(OUT_OF_STOCK_HOURS).toBe(12);
    expect(isOutOfStockDay(ALL_DAY, ALL_DAY)).toBe(true);
    expect(isOutOfStockDay(hours(0, 12), ALL_DAY)).toBe(true);
    expect(isOutOfStockDay(hours(0, 11), ALL_DAY)).toBe(false);
    expect(isOutOfStockDay(0, ALL_DAY)).toBe(false);
  });

  it('needs every sampled hour at zero when fewer than 12 were sampled; a day never sampled is in stock', () => {
    const sampled = hours(14, 20);
    expect(isOutOfStockDay(hours(14, 20), sampled)).toBe(true);
    expect(isOutOfStockDay(hours(14, 19), sampled)).toBe(false);
    expect(isOutOfStockDay(ALL_DAY, 0)).toBe(false);
  });

  it('counts only the zero hours that were sampled (a stray bit cannot make a day)', () => {
    expect(isOutOfStockDay(hours(0, 12), hours(6, 24))).toBe(false);
  });

  it('sums the days out per week (Monday, UTC), each day once', () => {
    expect(daysOutPerWeek(['2026-11-30', '2026-12-06', '2026-12-07', '2026-11-30'])).toEqual(new Map([['2026-11-30', 2], ['2026-12-07', 1]]));
  });
});

describe('the velocity leaves the recorded stock-out days out', () => {
  const rows = [
    { sku: 'MUG', marketplaceId: 'M1', week: '2026-11-16', units: 14 },
    { sku: 'MUG', marketplaceId: 'M1', week: '2026-11-23', units: 4 },
    { sku: 'MUG', marketplaceId: 'M2', week: '2026-11-23', units: 7 },
  ];
  // the last week: out of stock from Wednesday on (5 days); on M1 it sold 4 units in the two days it could
  const daysOut = new Map([['MUG', daysOutPerWeek(['2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'])]]);

  it('fills the series of every marketplace of the SKU (they share the stock)', () => {
    const s = weeklySeries(rows, '2026-11-30', daysOut);
    expect(s.map((x) => x.weeks.map((w) => w.daysOutOfStock))).toEqual([[0, 5], [5]]);
  });

  it('reads the stock-out week at its in-stock rate, not as low demand', () => {
    const [m1] = weeklySeries(rows, '2026-11-30', daysOut);
    const known = velocity(m1!.weeks, 1);
    const unknown = velocity(weeklySeries(rows, '2026-11-30')[0]!.weeks, 1);
    // in stock: 2 units a day both weeks; unknown, the last week reads as 1 a day
    expect(known.unitsPerDay).toBeCloseTo(2, 10);
    expect(unknown.unitsPerDay).toBeLessThan(2);
    expect(known.used.at(-1)).toMatchObject({ week: '2026-11-23', units: 4, inStockDays: 2 });
    expect([known.inStockDays, known.daysOutOfStock]).toEqual([9, 5]);
  });

  it('leaves out a week out of stock all week and shows the days per SKU and marketplace', () => {
    const allWeek = new Map([['MUG', new Map([['2026-11-23', 7]])]]);
    const [advice] = backendAdvice(weeklySeries(rows, '2026-11-30', allWeek), () => ({ leadTimeDays: 7, targetCoverDays: 7, moq: 0, casePack: 1, halfLifeWeeks: 1 }));
    expect(advice!.marketplaces[0]).toMatchObject({ unitsPerDay: 2, weeksExcluded: ['2026-11-23'], inStockDays: 7, daysOutOfStock: 7 });
    expect(advice!).toMatchObject({ inStockDays: 7, daysOutOfStock: 7 });
  });
});
