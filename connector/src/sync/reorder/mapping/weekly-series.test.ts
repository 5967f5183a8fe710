import { describe, expect, it } from 'vitest';
import { backendAdvice } from './backend-advice.ts';
import { addWeeks, mondayOf, weeklySeries } from './weekly-series.ts';

const terms = { leadTimeDays: 7, targetCoverDays: 21, moq: 0, casePack: 6, halfLifeWeeks: 2 };

describe('weekly series', () => {
  it('finds the Monday of a week (UTC) and moves by weeks', () => {
    expect(mondayOf(new Date('2026-12-02T23:59:00Z'))).toBe('2026-11-30');
    expect(mondayOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
    expect(mondayOf(new Date('2026-12-06T12:00:00Z'))).toBe('2026-11-30');
    expect(addWeeks('2026-11-30', 1)).toBe('2026-12-07');
    expect(addWeeks('2026-01-05', -1)).toBe('2025-12-29');
  });

  it('fills the weeks without sales from the first sale on, per SKU and marketplace, up to the last complete week', () => {
    const rows = [
      { sku: 'B', marketplaceId: 'M1', week: '2026-11-09', units: 3 },
      { sku: 'A', marketplaceId: 'M2', week: '2026-11-16', units: 5 },
      { sku: 'A', marketplaceId: 'M1', week: '2026-11-02', units: 7 },
      { sku: 'A', marketplaceId: 'M1', week: '2026-11-16', units: 1 },
      // the current week is not complete: left out
      { sku: 'A', marketplaceId: 'M1', week: '2026-11-30', units: 9 },
    ];
    const s = weeklySeries(rows, '2026-11-30');
    expect(s.map((x) => [x.sku, x.marketplaceId, x.weeks.map((w) => w.units)])).toEqual([
      ['A', 'M1', [7, 0, 1, 0]],
      ['A', 'M2', [5, 0]],
      ['B', 'M1', [3, 0, 0]],
    ]);
    expect(s[0]!.weeks.map((w) => w.week)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(s[0]!.weeks.every((w) => w.daysOutOfStock === 0)).toBe(true);
  });
});

describe('backend advice', () => {
  const series = weeklySeries([
    ...['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((week) => ({ sku: 'A', marketplaceId: 'M1', week, units: 14 })),
    ...['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'].map((week) => ({ sku: 'A', marketplaceId: 'M2', week, units: 7 })),
  ], '2026-11-30');

  it('adds the marketplaces of a SKU into one demand, with each marketplace\'s inputs', () => {
    const [a] = backendAdvice(series, () => terms);
    expect(a!.dailyDemand).toBeCloseTo(3, 10);
    expect(a!.marketplaces.map((m) => [m.marketplaceId, m.unitsPerDay])).toEqual([['M1', 2], ['M2', 1]]);
    expect(a!.marketplaces[0]!.seasonality).toMatchObject({ applied: false, factor: 1 });
    expect(a!.orderpoint).toEqual({ min: 21, max: 84 });
    expect(a!.stock).toBeNull();
  });
});
