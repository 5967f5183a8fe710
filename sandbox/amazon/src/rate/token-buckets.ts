/** Token buckets per (seller, operation): the usage plans enforced with real 429 answers. */
import { DOCUMENTED_USAGE_PLANS, type UsagePlan } from './usage-plans.ts';

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** Outcome of one attempt to spend a token. */
export interface TakeResult {
  allowed: boolean;
  /** The rate the caller sees (the plan's, scaled by timeScale), requests per second: x-amzn-RateLimit-Limit. */
  effectiveRate: number;
}

/** All buckets of one sandbox; they start full, as a fresh usage plan does. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #plans: Record<string, UsagePlan>;
  readonly #timeScale: number;
  readonly #now: () => number;

  constructor(opts: { overrides?: Record<string, UsagePlan>; timeScale: number; now: () => number }) {
    this.#plans = { ...DOCUMENTED_USAGE_PLANS, ...opts.overrides };
    this.#timeScale = opts.timeScale;
    this.#now = opts.now;
  }

  /** The plan in force for an operation (override or documented). */
  plan(operation: string): UsagePlan {
    const plan = this.#plans[operation];
    if (!plan) throw new Error(`no usage plan for operation ${operation}`);
    return plan;
  }

  /** Spends one token of (seller, operation) if there is one. */
  take(sellerId: string, operation: string): TakeResult {
    const plan = this.plan(operation);
    const effectiveRate = plan.rate * this.#timeScale;
    const key = `${sellerId}\u0000${operation}`;
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = { tokens: plan.burst, refilledAt: now };
      this.#buckets.set(key, bucket);
    }
    const elapsedS = Math.max(0, now - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(plan.burst, bucket.tokens + elapsedS * effectiveRate);
    bucket.refilledAt = now;
    // A hair of tolerance: 1/rate seconds later a token must be back even if float sums land at 0.9999999.
    if (bucket.tokens >= 1 - 1e-9) {
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      return { allowed: true, effectiveRate };
    }
    return { allowed: false, effectiveRate };
  }

  /** Forgets every bucket (they start full again). */
  reset(): void {
    this.#buckets.clear();
  }
}
