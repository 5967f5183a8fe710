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

export interface QuotaGate {
  /**
   * Waits until a token is available for (bucket, operation), takes it and resolves. `plan` is the documented
   * plan; the calling backend's `override` beats a rate learnt from `x-amzn-RateLimit-Limit`, which beats the plan.
   * Overrides travel with each call (they are one backend's setting): another backend sharing the bucket keeps its
   * own pacing. Rejects with a RetryableError('QUOTA_WAIT') when the wait would exceed `maxWaitMs`, and with
   * RetryableError('INTERRUPTED') as soon as `signal` fires during the wait (the reserved token stays spent:
   * erring on the side of Amazon's plan).
   */
  acquire(sellerKey: string, operation: string, plan: UsagePlan, maxWaitMs?: number, override?: RateOverride, signal?: AbortSignal): Promise<void>;
  /** Records the rate Amazon announced in `x-amzn-RateLimit-Limit` for later calls. */
  observeRate(sellerKey: string, operation: string, ratePerSecond: number): Promise<void>;
  /** After a 429: empties the bucket so every worker backs off, not only the one that was refused. */
  drain(sellerKey: string, operation: string): Promise<void>;
}
