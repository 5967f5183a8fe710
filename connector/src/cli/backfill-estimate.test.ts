import { describe, expect, it } from 'vitest';
import { USAGE_PLANS } from '../amazon/usage-plans.ts';
import { effectiveQuota, estimateBackfill, formatEstimate, humanDuration, workerDemand } from './backfill-estimate.ts';
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
      'estimate: about 2400 orders in 24 pages (from the orders already stored), about 12 min of quota waits; no worker sweeps share this quota',
    ]);
  });

  it('needs no wait when the pages fit in the bucket, and counts an empty window as one call', () => {
    const quota = { rate: 0.0056, burst: 20, source: 'plan' as const, tokensNow: 20 };
    expect(estimateBackfill(quota, 100, HOUR, { orders: 150, coveredMs: HOUR })).toMatchObject({ orders: 150, pages: 2, seconds: 0 });
    const empty = estimateBackfill(quota, 100, HOUR, { orders: 0, coveredMs: HOUR });
    expect(empty).toMatchObject({ orders: 0, pages: 1, seconds: 0 });
    expect(formatEstimate(empty)[1]).toBe('estimate: about 0 orders in 1 page (from the orders already stored), no wait for quota; no worker sweeps share this quota');
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
      'estimate: unknown (no sweep has covered this window yet); at most 40 pages (2000 orders) in the first hour, 20 pages an hour after that; no worker sweeps share this quota',
    );
  });

  it("leaves the workers' sweeps their share of the rate, and says so", () => {
    const quota = { rate: 0.0056, burst: 20, source: 'plan' as const, tokensNow: 20 };
    // The default: one backend swept every 180 s, one page a sweep. Each sweep call waits about one token behind
    // the backfill (1 / 0.0056 = 178.6 s), so the sweeps take 1 call every 358.6 s: about half the rate.
    const workers = workerDemand([{ intervalSeconds: 180, pagesPerSweep: 1 }], quota.rate);
    expect(workers.rate).toBeCloseTo(1 / (180 + 1 / 0.0056), 9);
    const e = estimateBackfill(quota, 100, 48 * HOUR, { orders: 1200, coveredMs: 24 * HOUR }, workers);
    expect(e.backfillRate).toBeCloseTo(0.0056 - workers.rate, 9);
    expect(e.seconds).toBeCloseTo(4 / (0.0056 - workers.rate), 3);
    expect(e.seconds! / estimateBackfill(quota, 100, 48 * HOUR, { orders: 1200, coveredMs: 24 * HOUR }).seconds!).toBeGreaterThan(1.9);
    expect(formatEstimate(e)[1]).toBe(
      "estimate: about 2400 orders in 24 pages (from the orders already stored), about 24 min of quota waits; counting the workers' sweeps (about 10 pages an hour: 1 backend of this seller every 180 s, 1 page a sweep)",
    );
    // Two backends of the seller, busier ones: the ceilings shrink by their share too.
    const busy = workerDemand([{ intervalSeconds: 60, pagesPerSweep: 2.5 }, { intervalSeconds: 180, pagesPerSweep: 1 }], 2);
    expect(busy.rate).toBeCloseTo(2.5 / 61.25 + 1 / 180.5, 9);
    const u = estimateBackfill({ ...quota, rate: 2, burst: 40, tokensNow: 40 }, 10, HOUR, { orders: 0, coveredMs: 0 }, busy);
    expect(u.pagesPerHour).toBe(Math.floor((2 - busy.rate) * 3600));
    expect(formatEstimate(u)[1]).toMatch(/; counting the workers' sweeps \(about 167 pages an hour: 2 backends of this seller every 60 s, 180 s, 1\.8 pages a sweep\)$/);
  });

  it('never leaves the backfill less than 5 % of the rate, however busy the sweeps', () => {
    const quota = { rate: 1, burst: 10, source: 'learnt' as const, tokensNow: 0 };
    const many = workerDemand(Array.from({ length: 50 }, () => ({ intervalSeconds: 5, pagesPerSweep: 1 })), 1);
    expect(many.rate).toBeGreaterThan(1);
    expect(estimateBackfill(quota, 100, HOUR, { orders: 1000, coveredMs: HOUR }, many)).toMatchObject({ backfillRate: 0.05, pages: 10, seconds: 200 });
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
