import { describe, expect, it } from 'vitest';
import { USAGE_PLANS } from '../amazon/usage-plans.ts';
import { effectiveQuota, estimateBackfill, formatEstimate, humanDuration } from './backfill-estimate.ts';
import { backfillWindow } from './backfill-window.ts';

const plan = USAGE_PLANS.searchOrders; // 0.0056/s, burst 20
const HOUR = 3600_000;

describe('effective searchOrders quota', () => {
  it('takes the documented plan when nothing else is known, with a full bucket', () => {
    expect(effectiveQuota(plan, undefined, null)).toEqual({ rate: 0.0056, burst: 20, source: 'plan', tokensNow: 20 });
  });

  it('prefers the rate Amazon announced to the plan, and the bucket as it stands', () => {
    const q = effectiveQuota(plan, undefined, { tokensNow: 3.5, learntRate: 0.056});
    expect(q).toEqual({ rate: 0.056, burst: 20, source: 'learnt', tokensNow: 3.5 });
  });

  it("prefers the backend's override to everything, its burst capping the tokens", () => {
    const bucket = { tokensNow: 40, learntRate: 0.056};
    expect(effectiveQuota(plan, { rate: 5, burst: 10 }, bucket)).toEqual({ rate: 5, burst: 10, source: 'override', tokensNow: 10 });
    // Without an override of its own the backend is paced by the learnt rate, whatever another backend overrides.
    expect(effectiveQuota(plan, undefined, { ...bucket, tokensNow: 2 })).toMatchObject({ rate: 0.056, burst: 20, source: 'learnt' });
  });

  it('keeps a negative balance: other workers reserved tokens ahead', () => {
    expect(effectiveQuota(plan, undefined, { tokensNow: -2, learntRate: null}).tokensNow).toBe(-2);
  });
});

describe('backfill estimate', () => {
  it('extrapolates the stored density to the window and charges pages beyond the bucket at the rate', () => {
    const quota = { rate: 0.0056, burst: 20, source: 'plan' as const, tokensNow: 20 };
    // 1,200 orders stored over the 24 covered hours of a 48-hour window: about 2,400 orders, 24 pages of 100.
    const e = estimateBackfill(quota, 100, 48 * HOUR, { orders: 1200, coveredMs: 24 * HOUR });
    expect(e).toMatchObject({ orders: 2400, pages: 24, pageSize: 100 });
    // 20 pages from the bucket at once, the last 4 at 1 every ~178.6 s.
    expect(e.seconds).toBeCloseTo(4 / 0.0056, 3);
    expect(formatEstimate(e)).toEqual([
      'searchOrders quota: 1 every 178.6 s (the documented plan), burst 20, 20 available now; 100 orders a page',
      'estimate: about 2400 orders in 24 pages (from the orders already stored), about 12 min of quota waits',
    ]);
  });

  it('needs no wait when the pages fit in the bucket, and counts an empty window as one call', () => {
    const quota = { rate: 0.0056, burst: 20, source: 'plan' as const, tokensNow: 20 };
    expect(estimateBackfill(quota, 100, HOUR, { orders: 150, coveredMs: HOUR })).toMatchObject({ orders: 150, pages: 2, seconds: 0 });
    const empty = estimateBackfill(quota, 100, HOUR, { orders: 0, coveredMs: HOUR });
    expect(empty).toMatchObject({ orders: 0, pages: 1, seconds: 0 });
    expect(formatEstimate(empty)[1]).toBe('estimate: about 0 orders in 1 page (from the orders already stored), no wait for quota');
  });

  it('waits out a debt left by other callers of the same bucket', () => {
    const quota = { rate: 0.5, burst: 20, source: 'learnt' as const, tokensNow: -3 };
    // One page: the bucket must climb from -3 to 1, i.e. 4 tokens at 0.5/s.
    expect(estimateBackfill(quota, 100, HOUR, { orders: 10, coveredMs: HOUR }).seconds).toBe(8);
  });

  it('says "unknown" with the quota ceiling when no sweep covered the window', () => {
    const quota = { rate: 0.0056, burst: 20, source: 'plan' as const, tokensNow: 20 };
    const e = estimateBackfill(quota, 50, 24 * HOUR, { orders: 0, coveredMs: 0 });
    expect(e).toMatchObject({ orders: null, pages: null, seconds: null, pagesFirstHour: 40, pagesPerHour: 20 });
    expect(formatEstimate(e)[1]).toBe(
      'estimate: unknown (no sweep has covered this window yet); at most 40 pages (2000 orders) in the first hour, 20 pages an hour after that',
    );
  });

  it('prints rates people can read, and durations in sensible units', () => {
    const e = estimateBackfill({ rate: 2, burst: 30, source: 'override', tokensNow: 12.7 }, 100, HOUR, { orders: 0, coveredMs: 0 });
    expect(formatEstimate(e)[0]).toBe("searchOrders quota: 2/s (the backend's override), burst 30, 12 available now; 100 orders a page");
    expect(humanDuration(0.2)).toBe('1 s');
    expect(humanDuration(75)).toBe('75 s');
    expect(humanDuration(714)).toBe('12 min');
    expect(humanDuration(3 * 3600 + 20 * 60)).toBe('3 h 20 min');
    expect(humanDuration(53 * 3600)).toBe('2 d 5 h');
  });
});

describe('backfill window', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('keeps a window that ends long enough ago', () => {
    const w = backfillWindow(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z'), now);
    expect(w).toEqual({ from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-02T00:00:00Z'), warnings: [] });
  });

  it("clamps --to to two minutes (and a margin) before now, with a warning", () => {
    const w = backfillWindow(new Date('2026-03-10T00:00:00Z'), new Date('2026-03-10T12:00:00Z'), now);
    expect(w.to).toEqual(new Date('2026-03-10T11:57:55Z'));
    expect(w.warnings).toEqual(['--to 2026-03-10T12:00:00.000Z is less than two minutes ago (Amazon refuses it): using 2026-03-10T11:57:55.000Z']);
  });

  it('refuses from >= to, and a window entirely in the last two minutes', () => {
    const t = new Date('2026-03-01T00:00:00Z');
    expect(() => backfillWindow(t, t, now)).toThrow(expect.objectContaining({ code: 'CLI_WINDOW_INVALID', exitCode: 2 }));
    expect(() => backfillWindow(new Date('2026-03-02T00:00:00Z'), t, now)).toThrow('must be before --to');
    expect(() => backfillWindow(new Date('2026-03-10T11:59:00Z'), new Date('2026-03-10T13:00:00Z'), now)).toThrow("within Amazon's last two minutes");
  });
});
