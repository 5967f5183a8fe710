/**
 * Time left in a backfill, after each page. Two views, and the larger wins: the quota's (the k-th call waits until
 * the bucket holds k tokens: (k - tokensNow) / rate seconds from the start, at the rate the workers leave) and the
 * pace seen so far (when Amazon or the database is slower than the quota). The first pages come out of the
 * bucket's burst at once, so the pace alone would promise far too little; the quota alone ignores a slow server.
 */

export interface Pace {
  /** searchOrders calls per second left to the backfill. */
  rate: number;
  /** Tokens in the bucket when the backfill started. */
  tokensNow: number;
}

/** Seconds left after `pagesDone` of `totalPages` pages in `elapsedSeconds`; null when the total is unknown. */
export function remainingSeconds(pace: Pace, totalPages: number | null, pagesDone: number, elapsedSeconds: number): number | null {
  if (totalPages === null) return null;
  const left = Math.max(0, totalPages - pagesDone);
  if (left === 0) return 0;
  const byQuota = Math.max(0, (totalPages - pace.tokensNow) / pace.rate - elapsedSeconds);
  const byPace = pagesDone > 0 ? (elapsedSeconds / pagesDone) * left : 0;
  return Math.max(byQuota, byPace);
}
