/** The waits between attempts of one SP-API call (call.ts). */
import type { RetryPolicy } from './call.ts';

/** Exponential backoff with full jitter: a random wait in [0, min(max, base * 2^(n-1))). */
export function fullJitter(failures: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failures - 1));
  return Math.floor(random() * ceiling);
}

/**
 * How long the bucket pauses after the n-th 429 of one call: exponential from `baseMs`, with "equal jitter" (half
 * the step fixed, half random) so that workers refused together do not come back together, and each step really
 * grows. The cap, one token's restore time at the effective rate, is the gate's (pause()), which knows that rate.
 */
export function throttleBackoffMs(throttles: number, baseMs: number, random: () => number): number {
  const step = baseMs * 2 ** Math.max(0, Math.min(throttles - 1, 20));
  return Math.floor(step / 2 + random() * (step / 2));
}
