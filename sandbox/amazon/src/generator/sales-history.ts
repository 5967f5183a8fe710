/**
 * A seller's sales history for forecasting (`world.salesHistory`, off unless set): weeks of past orders (two years
 * by default) whose weekly count per SKU follows a plan: the SKU's share of the demand, a yearly trend, a yearly
 * season (peak in `peakWeek`) and Poisson noise, with some SKU-weeks out of stock (no sales at all, which a forecast
 * must not read as low demand). Drawn from the seed; the plan is kept so a back-test can compare with it.
 */
import type { Catalogue } from '../catalogue.ts';
import { createRng, mixSeed, type Rng } from './prng.ts';

export interface SalesHistoryOptions {
  /** Weeks of history, ending a week before now (104). */
  weeks?: number;
  /** Orders a week over all SKUs at the start of the history (60). */
  ordersPerWeek?: number;
  /** Growth per year: 0.3 = +30 % a year (0.3). */
  trendPerYear?: number;
  /** Seasonal swing: demand is (1 + s·cos) of its level, s from 0 to 0.9 (0.4). */
  seasonality?: number;
  /** ISO week of the peak (48: late November). */
  peakWeek?: number;
  /** Share of SKU-weeks that start a one-to-three-week stock-out (0.02). */
  stockOutShare?: number;
}

export interface HistoryWeek {
  /** Monday 00:00 UTC of the week. */
  weekStart: string;
  sku: string;
  /** Orders the plan expects for the SKU that week (before noise; 0 when out of stock). */
  expectedOrders: number;
  /** Orders generated (their first line is the SKU; more lines may carry other SKUs). */
  orders: number;
  outOfStock: boolean;
}

const WEEK = 7 * 86_400_000;
const DAY = 86_400_000;

/** Poisson draw (Knuth for small means, a rounded normal for large ones). */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 40) {
    const z = Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** ISO week number (1-53) of a time. */
function isoWeek(ms: number): number {
  const d = new Date(ms);
  const day = (d.getUTCDay() + 6) % 7;
  const thursday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day + 3);
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - yearStart) / WEEK);
}

/** The plan: per week and SKU the expected and drawn order counts; the SKUs are the ones orders may carry. */
export function planSalesHistory(seed: number, sellerId: string, catalogue: Catalogue, nowMs: number, o: SalesHistoryOptions): HistoryWeek[] {
  const weeks = o.weeks ?? 104;
  const perWeek = o.ordersPerWeek ?? 60;
  const trend = o.trendPerYear ?? 0.3;
  const season = Math.min(0.9, Math.max(0, o.seasonality ?? 0.4));
  const peak = o.peakWeek ?? 48;
  const stockOuts = o.stockOutShare ?? 0.02;
  const notInErp = new Set(catalogue.notInErp);
  const skus = catalogue.products.map((p) => p.sellerSku).filter((s) => !notInErp.has(s));
  // Each SKU its share of the demand (a few sell much, most little) and its own sensitivity to the season.
  const traits = skus.map((sku) => {
    const r = createRng(mixSeed(seed, 'history-sku', sellerId, sku));
    return { sku, weight: Math.exp(r.next() * 2.5), seasonal: 0.3 + r.next() * 1.4, rng: r };
  });
  const total = traits.reduce((a, t) => a + t.weight, 0);
  const today = new Date(nowMs);
  const monday = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - ((today.getUTCDay() + 6) % 7) * DAY;
  const first = monday - (weeks + 1) * WEEK; // the last history week ends a week before this one starts
  const out: HistoryWeek[] = [];
  for (const t of traits) {
    let outUntil = -1;
    for (let w = 0; w < weeks; w++) {
      const start = first + w * WEEK;
      const rng = createRng(mixSeed(seed, 'history', sellerId, t.sku, w));
      if (w > outUntil && rng.chance(stockOuts)) outUntil = w + rng.int(0, 2);
      const outOfStock = w <= outUntil;
      const level = perWeek * (t.weight / total) * (1 + trend) ** (w / 52);
      const swing = 1 + Math.min(0.95, season * t.seasonal) * Math.cos((2 * Math.PI * (isoWeek(start + 3 * DAY) - peak)) / 52);
      const expected = outOfStock ? 0 : level * swing;
      out.push({ weekStart: new Date(start).toISOString(), sku: t.sku, expectedOrders: Math.round(expected * 100) / 100,
        orders: poisson(rng, expected), outOfStock });
    }
  }
  return out;
}

/** The creation times of a plan's orders of one SKU-week: spread over the week, drawn from the seed. */
export function orderTimes(seed: number, sellerId: string, week: HistoryWeek): number[] {
  const rng = createRng(mixSeed(seed, 'history-times', sellerId, week.sku, week.weekStart));
  const start = Date.parse(week.weekStart);
  return Array.from({ length: week.orders }, () => start + Math.floor(rng.next() * (WEEK - 1))).sort((a, b) => a - b);
}
