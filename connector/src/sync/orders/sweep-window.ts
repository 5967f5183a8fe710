/**
 * The sweep's time window. It starts a little before where the last one ended (orders updated at the edge, or
 * seen late by Amazon's index, are caught again; the content hash makes the repeat free), and ends two minutes
 * before now: Amazon refuses a `lastUpdatedBefore` closer to the present, and its index lags behind anyway.
 */
export interface SweepWindowOptions {
  /** How far back the next window reaches into the previous one. */
  overlapMs: number;
  /** Where a backend's very first sweep starts. */
  initialLookbackMs: number;
  /** Distance from now that Amazon requires (2 min) plus a margin for clock skew. */
  lagMs: number;
  /**
   * Longest window one sweep takes on: a backlog (the first sweep's look-back, a long outage) is worked through in
   * slices, each of which moves the durable cursor, instead of one window that may never finish under the quota.
   */
  maxSpanMs: number;
}

export const defaultSweepWindow: SweepWindowOptions = {
  overlapMs: 5 * 60_000,
  initialLookbackMs: 3 * 24 * 3600_000,
  lagMs: 2 * 60_000 + 5_000,
  maxSpanMs: 24 * 3600_000,
};

export interface Window {
  from: Date;
  to: Date;
  /** False when the window stops short of what Amazon allows: sweep again at once. */
  caughtUp: boolean;
}

/** The next window, or null when it would be empty (a sweep right after the last one). */
export function nextSweepWindow(cursor: Date | null, now: Date, opts: SweepWindowOptions = defaultSweepWindow): Window | null {
  const limit = now.getTime() - opts.lagMs;
  const from = cursor ? new Date(cursor.getTime() - opts.overlapMs) : new Date(now.getTime() - opts.initialLookbackMs);
  const to = Math.min(limit, from.getTime() + opts.maxSpanMs);
  if (to <= from.getTime()) return null;
  return { from, to: new Date(to), caughtUp: to === limit };
}
