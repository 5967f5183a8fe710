/**
 * An open-loop load driver: request i is due at start + i / rate whatever happened to the earlier ones (a
 * closed-loop tool such as autocannon waits for an answer before the next request, so a slow server lowers the
 * load it gets and hides its queues: coordinated omission). Latency runs from the scheduled time, not from the
 * moment the request left, so a late send counts against the server. undici's pool sends, HdrHistogram records.
 */
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import { Pool } from 'undici';

export interface OpenLoopOptions {
  origin: string;
  headers: Record<string, string>;
  /** Requests per second, sent on schedule. */
  rate: number;
  seconds: number;
  /** The path and route name of the i-th request. */
  request(i: number): { route: string; path: string };
  /** Connections the client may open (enough that the client never becomes the queue). */
  connections?: number;
}

export interface LatencySummary {
  count: number;
  errors: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Mean answer size in bytes (the list pages' weight). */
  meanBytes: number;
}

export interface OpenLoopResult {
  rate: number;
  seconds: number;
  sent: number;
  overall: LatencySummary;
  routes: Record<string, LatencySummary>;
  /** Largest delay between a request's scheduled time and its send (the driver's own lag, included in latency). */
  maxSendLagMs: number;
  /** Status codes other than 2xx, and transport errors, by kind. */
  failures: Record<string, number>;
}

const histogram = () => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 });
type Histogram = ReturnType<typeof histogram>;

function summary(h: Histogram, errors: number, bytes: number): LatencySummary {
  const ms = (us: number) => Math.round(us / 10) / 100;
  return {
    count: h.totalCount,
    errors,
    p50Ms: ms(h.getValueAtPercentile(50)),
    p90Ms: ms(h.getValueAtPercentile(90)),
    p99Ms: ms(h.getValueAtPercentile(99)),
    maxMs: ms(h.maxValue),
    meanMs: ms(h.mean),
    meanBytes: h.totalCount ? Math.round(bytes / h.totalCount) : 0,
  };
}

/** Sends `rate * seconds` requests on schedule and summarises their latency per route and overall. */
export async function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const pool = new Pool(o.origin, { connections: o.connections ?? 256, pipelining: 1 });
  const overall = histogram();
  const perRoute = new Map<string, { h: Histogram; errors: number; bytes: number }>();
  const failures: Record<string, number> = {};
  const total = Math.round(o.rate * o.seconds);
  const interval = 1000 / o.rate;
  const start = performance.now() + 50;
  let sent = 0;
  let maxSendLagMs = 0;
  const inFlight = new Set<Promise<void>>();

  const fire = (i: number, scheduledAt: number) => {
    const { route, path } = o.request(i);
    let r = perRoute.get(route);
    if (!r) perRoute.set(route, (r = { h: histogram(), errors: 0, bytes: 0 }));
    const entry = r;
    maxSendLagMs = Math.max(maxSendLagMs, performance.now() - scheduledAt);
    const p = pool
      .request({ method: 'GET', path, headers: o.headers })
      .then(async (res) => {
        entry.bytes += (await res.body.arrayBuffer()).byteLength;
        if (res.statusCode >= 300) {
          entry.errors++;
          failures[`HTTP ${res.statusCode}`] = (failures[`HTTP ${res.statusCode}`] ?? 0) + 1;
        }
      })
      .catch((e: unknown) => {
        entry.errors++;
        const kind = (e as { code?: string }).code ?? 'error';
        failures[kind] = (failures[kind] ?? 0) + 1;
      })
      .finally(() => {
        const us = Math.max(1, Math.round((performance.now() - scheduledAt) * 1000));
        overall.recordValue(us);
        entry.h.recordValue(us);
        inFlight.delete(p);
      });
    inFlight.add(p);
  };

  await new Promise<void>((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor((performance.now() - start) / interval) + 1);
      while (sent < due) fire(sent, start + sent++ * interval);
      if (sent >= total) return done();
      setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  while (inFlight.size) await Promise.all([...inFlight]);
  await pool.close();
  const errors = [...perRoute.values()].reduce((n, r) => n + r.errors, 0);
  const bytes = [...perRoute.values()].reduce((n, r) => n + r.bytes, 0);
  return {
    rate: o.rate,
    seconds: o.seconds,
    sent,
    overall: summary(overall, errors, bytes),
    routes: Object.fromEntries([...perRoute].map(([name, r]) => [name, summary(r.h, r.errors, r.bytes)])),
    maxSendLagMs: Math.round(maxSendLagMs * 100) / 100,
    failures,
  };
}
