/**
 * Where the modelled ERP sat idle during the import's wall time W (first sweep call -> last confirmed order), from
 * the cost model's call timeline (`GET /_sandbox/cost`): before its first call (the start), between calls (the
 * middle, with the largest gaps and the calls on both sides) and after its last call (the tail). Idle = no call
 * being served; the three parts add up to W minus the busy time.
 */
import type { TimelineEntry } from '../../sandbox/erp/src/index.ts';

export interface IdleGap {
  /** Seconds since the start of W. */
  at: number;
  seconds: number;
  /** The last call served before the gap and the first one after it ("model.method x records"). */
  after: string;
  before: string;
}

export interface IdleFigures {
  startSeconds: number;
  middleSeconds: number;
  tailSeconds: number;
  /** Gaps in the middle by length: < 0.05 s, < 0.2 s, < 1 s, < 5 s, >= 5 s (count and seconds). */
  histogram: { upTo: string; gaps: number; seconds: number }[];
  largest: IdleGap[];
  /** The calls' records per call, for the first few writes of the run (how the batches grew). */
  firstWrites: string[];
}

const BUCKETS: [number, string][] = [[0.05, '< 0.05 s'], [0.2, '< 0.2 s'], [1, '< 1 s'], [5, '< 5 s'], [Infinity, '>= 5 s']];
const r2 = (n: number) => Number(n.toFixed(2));
const label = (e: TimelineEntry) => `${e.operation} x${e.records}${e.failed ? ' (failed)' : ''}`;

/**
 * The idle parts of W = [wStartMs, wEndMs] (epoch ms), the timeline's times being clock ms since `sinceMs` (the
 * cost model's reset, epoch ms). Calls outside W are clipped to it.
 */
export function idleFigures(timeline: readonly TimelineEntry[], sinceMs: number, wStartMs: number, wEndMs: number): IdleFigures {
  const calls = timeline.map((e) => ({ e, s: sinceMs + e.start - wStartMs, t: sinceMs + e.end - wStartMs })).filter((c) => c.t > 0 && c.s < wEndMs - wStartMs).sort((a, b) => a.s - b.s);
  const w = wEndMs - wStartMs;
  const histogram = BUCKETS.map(([, upTo]) => ({ upTo, gaps: 0, seconds: 0 }));
  const gaps: IdleGap[] = [];
  if (!calls.length) return { startSeconds: r2(w / 1000), middleSeconds: 0, tailSeconds: 0, histogram, largest: [], firstWrites: [] };
  let busyUntil = Math.max(0, calls[0]!.s);
  let last = calls[0]!;
  const startSeconds = busyUntil / 1000;
  let middle = 0;
  for (const c of calls.slice(1)) {
    if (c.s > busyUntil) {
      const seconds = (c.s - busyUntil) / 1000;
      middle += seconds;
      const b = histogram[BUCKETS.findIndex(([upTo]) => seconds < upTo)]!;
      b.gaps++;
      b.seconds += seconds;
      gaps.push({ at: r2(busyUntil / 1000), seconds, after: label(last.e), before: label(c.e) });
    }
    if (c.t >= busyUntil) {
      busyUntil = c.t;
      last = c;
    }
  }
  const tailSeconds = Math.max(0, w - busyUntil) / 1000;
  const largest = gaps.sort((a, b) => b.seconds - a.seconds).slice(0, 6).map((g) => ({ ...g, seconds: r2(g.seconds) }));
  const firstWrites = calls.filter((c) => /\.(create|action_confirm|load|write)$/.test(c.e.operation)).slice(0, 12).map((c) => `+${r2(c.s / 1000)} s ${label(c.e)} (${r2((c.t - c.s) / 1000)} s)`);
  return {
    startSeconds: r2(startSeconds),
    middleSeconds: r2(middle),
    tailSeconds: r2(tailSeconds),
    histogram: histogram.map((b) => ({ ...b, seconds: r2(b.seconds) })),
    largest,
    firstWrites,
  };
}

