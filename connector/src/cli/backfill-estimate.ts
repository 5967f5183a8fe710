/**
 * How long a backfill will take, before it starts. Pages are what cost quota (one searchOrders call each); their
 * number is unknown in advance, so it is extrapolated from the orders already stored for the window when the
 * sweeps covered some of it, and otherwise only the quota's ceiling is given. Pure: tested without a database.
 */
import type { UsagePlan } from '../core/rate-limit/quota-gate.ts';

export interface EffectiveQuota {
  /** Requests per second. */
  rate: number;
  burst: number;
  /** Where the rate comes from: the backend's override, the rate Amazon announced, or the documented plan. */
  source: 'override' | 'learnt' | 'plan';
  /** Tokens in the shared bucket now (negative: others have reserved ahead); the burst when it was never used. */
  tokensNow: number;
}

/** The shared bucket row of searchOrders as stored, tokens already refilled to now. */
export interface BucketState {
  tokensNow: number;
  learntRate: number | null;
}

/**
 * The rate the quota gate will apply for this backend: its override, else learnt, else plan (the same order as the
 * gate's SQL). The override is the backend's setting; the shared bucket never holds one.
 */
export function effectiveQuota(plan: UsagePlan, override: { rate: number; burst?: number | undefined } | undefined, bucket: BucketState | null): EffectiveQuota {
  const overrideRate = override?.rate ?? null;
  const overrideBurst = override?.burst ?? null;
  const burst = overrideBurst ?? plan.burst;
  const source = overrideRate !== null ? 'override' : bucket?.learntRate != null ? 'learnt' : 'plan';
  const rate = overrideRate ?? bucket?.learntRate ?? plan.rate;
  return { rate, burst, source, tokensNow: Math.min(burst, bucket ? bucket.tokensNow : burst) };
}

/** The workers' expected use of the same bucket while the backfill runs: their scheduled sweeps keep going. */
export interface WorkerDemand {
  /** searchOrders calls per second expected from the sweeps of every backend sharing the bucket. */
  rate: number;
  /** Those backends' sweep intervals in seconds (one entry per backend). */
  intervals: number[];
  /** Average pages a sweep took lately (over the backends, from their recent sync runs; 1 when none ran yet). */
  pagesPerSweep: number;
}

export const NO_WORKERS: WorkerDemand = { rate: 0, intervals: [], pagesPerSweep: 0 };

/** How one backend sharing the bucket is swept by the workers. */
export interface WorkerSweep {
  intervalSeconds: number;
  /** Pages its recent sweeps cost on average. */
  pagesPerSweep: number;
}

/**
 * The workers' expected searchOrders calls per second while a backfill runs. A sweep is scheduled `interval` after
 * the previous one ended, and while the backfill keeps the bucket busy each of its p calls waits about one token
 * (1 / rate): a backend makes p calls every interval + p / rate seconds, never more than the bucket gives.
 */
export function workerDemand(sweeps: readonly WorkerSweep[], quotaRate: number): WorkerDemand {
  if (!sweeps.length) return NO_WORKERS;
  const rate = sweeps.reduce((sum, s) => sum + s.pagesPerSweep / (s.intervalSeconds + s.pagesPerSweep / quotaRate), 0);
  const pagesPerSweep = sweeps.reduce((sum, s) => sum + s.pagesPerSweep, 0) / sweeps.length;
  return { rate, intervals: sweeps.map((s) => s.intervalSeconds), pagesPerSweep };
}

/**
 * The backfill never gets less than this share of the rate: when the workers' sweeps alone would use it all, the
 * gate serves the callers in turn, and an estimate of "forever" helps nobody.
 */
const MIN_SHARE = 0.05;

/** What the store knows of the window: orders stored with a last update in it, and how much of it sweeps covered. */
export interface StoredDensity {
  orders: number;
  /** The part of the window the sweeps have already been over, in ms (0: none). */
  coveredMs: number;
}

export interface BackfillEstimate {
  quota: EffectiveQuota;
  workers: WorkerDemand;
  /** The part of the rate left to the backfill once the workers' sweeps took theirs (requests per second). */
  backfillRate: number;
  pageSize: number;
  /** Expected orders and pages, null when nothing is known of the window. */
  orders: number | null;
  pages: number | null;
  /** Expected duration in seconds at the rate left by the workers' sweeps, null when unknown. */
  seconds: number | null;
  /** The ceiling: pages the quota allows in the first hour (bucket + refill) and in each hour after. */
  pagesFirstHour: number;
  pagesPerHour: number;
}

/** Extrapolates pages and time from the stored density, the quota and the workers' share of it. */
export function estimateBackfill(quota: EffectiveQuota, pageSize: number, windowMs: number, stored: StoredDensity, workers: WorkerDemand = NO_WORKERS): BackfillEstimate {
  // Over a backfill of T seconds the bucket gives tokensNow + rate * T and the sweeps take workers.rate * T of it.
  const backfillRate = Math.max(quota.rate - workers.rate, quota.rate * MIN_SHARE);
  const pagesPerHour = Math.floor(backfillRate * 3600);
  const pagesFirstHour = Math.max(0, Math.floor(quota.tokensNow + backfillRate * 3600));
  const base = { quota, workers, backfillRate, pageSize, pagesFirstHour, pagesPerHour };
  if (stored.coveredMs <= 0) return { ...base, orders: null, pages: null, seconds: null };
  const orders = Math.round((stored.orders * windowMs) / stored.coveredMs);
  // An empty window still costs one call: Amazon answers with an empty first page.
  const pages = Math.max(1, Math.ceil(orders / pageSize));
  // The k-th call waits until the bucket holds k tokens: (k - tokensNow) / rate seconds from now, if positive.
  const seconds = Math.max(0, (pages - quota.tokensNow) / backfillRate);
  return { ...base, orders, pages, seconds };
}

/** A duration as people read it: `45 s`, `12 min`, `3 h 20 min`, `2 d 5 h`. */
export function humanDuration(seconds: number): string {
  if (seconds < 90) return `${Math.ceil(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const rateText = (rate: number) => (rate >= 1 ? `${+rate.toFixed(2)}/s` : `1 every ${+(1 / rate).toFixed(1)} s`);

/** What the estimate counted for the workers, as the end of the estimate line. */
function workersText(w: WorkerDemand): string {
  if (!w.intervals.length) return 'no worker sweeps share this quota';
  const every = [...new Set(w.intervals)].sort((a, b) => a - b).map((s) => `${s} s`).join(', ');
  const n = w.intervals.length;
  return `counting the workers' sweeps (about ${Math.round(w.rate * 3600)} pages an hour: ${n} backend${n === 1 ? '' : 's'} of this seller every ${every}, ${+w.pagesPerSweep.toFixed(1)} page${w.pagesPerSweep === 1 ? '' : 's'} a sweep)`;
}

/** The estimate as lines for the terminal. */
export function formatEstimate(e: BackfillEstimate): string[] {
  const q = e.quota;
  const source = { override: "the backend's override", learnt: 'announced by Amazon', plan: 'the documented plan' }[q.source];
  const lines = [
    `searchOrders quota: ${rateText(q.rate)} (${source}), burst ${q.burst}, ${Math.max(0, Math.floor(q.tokensNow))} available now; ${e.pageSize} orders a page`,
  ];
  if (e.pages === null || e.seconds === null || e.orders === null) {
    lines.push(
      `estimate: unknown (no sweep has covered this window yet); at most ${e.pagesFirstHour} pages (${e.pagesFirstHour * e.pageSize} orders) in the first hour, ${e.pagesPerHour} pages an hour after that; ${workersText(e.workers)}`,
    );
  } else {
    lines.push(
      `estimate: about ${e.orders} orders in ${e.pages} page${e.pages === 1 ? '' : 's'} (from the orders already stored), ` +
        `${e.seconds < 1 ? 'no wait for quota' : `about ${humanDuration(e.seconds)} of quota waits`}; ${workersText(e.workers)}`,
    );
  }
  return lines;
}
