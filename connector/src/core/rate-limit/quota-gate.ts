/**
 * The contract between the SP-API adapter and the shared quota store: every call takes a token from the
 * (bucket key, operation) bucket first, so any number of worker processes together stay within Amazon's usage
 * plan. The bucket key is what Amazon counts the plan by (quota-keys.ts).
 */
export interface UsagePlan {
  /** Sustained requests per second. */
  rate: number;
  /** Bucket size: requests allowed at once after a quiet period. */
  burst: number;
}

/** A backend's own pacing of one operation (its `quota.rateOverrides` setting), used as is. */
export interface RateOverride {
  rate: number;
  /** The documented burst when absent. */
  burst?: number;
}

/** The override as given, or read anew at each (re-)planning, so a wait re-planned after a change sees the new one. */
export type OverrideSource = RateOverride | (() => RateOverride | undefined);

export interface QuotaGate {
  /**
   * Waits until a token is available for (bucket, operation), takes it and resolves. `plan` is the documented
   * plan; the calling backend's `override` beats a rate learnt from `x-amzn-RateLimit-Limit`, which beats the plan.
   * Overrides travel with each call (they are one backend's setting): another backend sharing the bucket keeps its
   * own pacing. Rejects with a RetryableError('QUOTA_WAIT') when the wait would exceed `maxWaitMs`, and with
   * RetryableError('INTERRUPTED') as soon as `signal` fires during the wait (the reserved token stays spent:
   * erring on the side of Amazon's plan). A wait in progress is re-planned at the new rate when replan() is called
   * for its bucket or observeRate() learns a new rate (in this process).
   */
  acquire(sellerKey: string, operation: string, plan: UsagePlan, maxWaitMs?: number, override?: OverrideSource, signal?: AbortSignal): Promise<void>;
  /** Wakes this process's waits on (bucket, operation), or on every operation of the bucket, to re-plan them. */
  replan(sellerKey: string, operation?: string): void;
  /**
   * After a 429: every worker's next token comes no sooner than `pauseMs` from now, and no later than one token's
   * restore time at the effective rate (override, announced, plan).
   */
  pause(sellerKey: string, operation: string, plan: UsagePlan, pauseMs: number, override?: OverrideSource): Promise<void>;
  /** Records the rate Amazon announced in `x-amzn-RateLimit-Limit` for later calls. */
  observeRate(sellerKey: string, operation: string, ratePerSecond: number): Promise<void>;
  /** Empties the bucket (the next token is one restore time away) for every worker. */
  drain(sellerKey: string, operation: string): Promise<void>;
  /**
   * The tokens (sellerKey, operation) holds now, without taking one (negative: reservations queued). For a
   * scheduler that keeps part of a burst for more urgent work (the Feeds core's createFeed reserve).
   */
  peek?(sellerKey: string, operation: string, plan: UsagePlan, override?: OverrideSource): Promise<number>;
}
