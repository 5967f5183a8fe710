/**
 * The Overview's numbers for one backend, each off an index: the last run and the failures of each flow
 * (sync_run by backend, flow, start), the open conflicts by code (sync_conflict by backend, status), the imports
 * and new conflicts per hour of the last 24 h, and the SP-API quota left in each token bucket of the seller
 * (rate_bucket, a few rows). No statement reads the orders themselves, so its cost does not grow with them. The
 * counts are reused for 5 s (OVERVIEW_COUNTS_TTL_MS): the panel refreshes the Overview every 15 s from each open tab.
 */
import type { Queryable } from '../../../core/sql.ts';
import { USAGE_PLANS } from '../../../amazon/usage-plans.ts';
import { PACING } from '../../../core/rate-limit/pg-quota-gate.ts';
import type { OverviewT } from './overview.schemas.ts';
import { ttlCache, type TtlCache } from '../../../core/ttl-cache.ts';

const HOURS = 24;

/** How old the Overview's counts may be (documented on the route): the panel refreshes it every 15 s per open tab. */
export const OVERVIEW_COUNTS_TTL_MS = 5_000;
type CountRows = [
  { rows: Array<{ flow: string; runs: string; failed: string }> },
  { rows: Array<{ code: string; n: string }> },
  { rows: Array<{ hour: Date; n: string }> },
  { rows: Array<{ hour: Date; n: string }> },
];
const countsCache = new WeakMap<Queryable, TtlCache<CountRows>>();

/** The 24 hour starts ending with the current hour, oldest first (UTC), as ISO text. */
export function hourSlots(now: Date): string[] {
  const top = new Date(now);
  top.setUTCMinutes(0, 0, 0);
  return Array.from({ length: HOURS }, (_, i) => new Date(top.getTime() - (HOURS - 1 - i) * 3_600_000).toISOString());
}

function series(slots: string[], rows: Array<{ hour: Date; n: string }>): Array<{ hour: string; count: number }> {
  const by = new Map(rows.map((r) => [r.hour.toISOString(), Number(r.n)]));
  return slots.map((hour) => ({ hour, count: by.get(hour) ?? 0 }));
}

export async function backendOverview(db: Queryable, backend: { id: number; region: string; sellerId: string }, now = new Date()): Promise<OverviewT> {
  const id = backend.id;
  const slots = hourSlots(now);
  const since = slots[0]!;
  const midnight = new Date(now);
  midnight.setUTCHours(0, 0, 0, 0);
  const cache = countsCache.get(db) ?? countsCache.set(db, ttlCache<CountRows>(OVERVIEW_COUNTS_TTL_MS)).get(db)!;
  const [lastRuns, buckets, [failures, conflicts, imports, newConflicts]] = await Promise.all([
    // One row per flow: the newest run of the last week. The flows are found by skipping through the (backend,
    // flow, started_at) index, then each flow's newest run is one probe: a week of runs is never read, where
    // `distinct on (flow)` sorted all of them (6,700 rows, ~20 ms of CPU, for the API bench's largest backend).
    db.query<{ flow: string; status: string; started_at: Date; finished_at: Date | null; error_code: string | null }>(
      `with recursive flows as (
         (select flow from sync_run where backend_id = $1 order by flow limit 1)
         union all
         select (select s.flow from sync_run s where s.backend_id = $1 and s.flow > f.flow order by s.flow limit 1) from flows f where f.flow is not null)
       select r.flow, r.status, r.started_at, r.finished_at, r.error_code from flows f
         cross join lateral (select flow, status, started_at, finished_at, error_code from sync_run
           where backend_id = $1 and flow = f.flow and started_at > $2::timestamptz - interval '7 days' order by started_at desc limit 1) r
        order by r.flow`,
      [id, now.toISOString()],
    ),
    // The seller's buckets in this region, whatever the application (quota-keys.ts: region:app:<app>:seller:<id>).
    db.query<{ operation: string; tokens: string; learnt_rate: string | null; updated_at: Date; paused_until: Date | null }>(
      `select operation, tokens, learnt_rate, updated_at, paused_until from rate_bucket
        where seller_key like $1 || ':app:%' and seller_key like '%:seller:' || $2 order by operation, updated_at desc`,
      [backend.region, backend.sellerId],
    ),
    // The counts (runs and failures, conflicts by code, the hourly series) over the day's runs and conflicts: reused
    // for OVERVIEW_COUNTS_TTL_MS per backend and hour window; the last runs and the quota are read live.
    cache.get(`${id}|${since}|${midnight.toISOString()}`, () => Promise.all([
      db.query<{ flow: string; runs: string; failed: string }>(
        `select flow, count(*) as runs, count(*) filter (where status in ('failed', 'interrupted', 'partial')) as failed from sync_run
          where backend_id = $1 and started_at >= $2 group by flow`,
        [id, since],
      ),
      db.query<{ code: string; n: string }>(
        `select code, count(*) as n from sync_conflict where backend_id = $1 and status = 'open' group by code order by n desc, code`,
        [id],
      ),
      // Orders written to the ERP: the `ok` records of the import runs, by the hour the run started.
      db.query<{ hour: Date; n: string }>(
        `select date_trunc('hour', started_at) as hour, sum(coalesce((counts ->> 'ok')::int, 0)) as n from sync_run
          where backend_id = $1 and flow = 'orders.import' and started_at >= least($2::timestamptz, $3::timestamptz) group by 1`,
        [id, since, midnight.toISOString()],
      ),
      // Off sync_conflict_created_index (backend, created_at): only the day's conflicts are read.
      db.query<{ hour: Date; n: string }>(
        `select date_trunc('hour', created_at) as hour, count(*) as n from sync_conflict
          where backend_id = $1 and status = any($3) and created_at >= $2 group by 1`,
        [id, since, ['open', 'resolved', 'dismissed']],
      ),
    ])),
  ]);
  const importRows = imports.rows;
  const failuresBy = new Map(failures.rows.map((r) => [r.flow, r]));
  const flows = [...new Set([...lastRuns.rows.map((r) => r.flow), ...failuresBy.keys()])].sort().map((flow) => {
    const last = lastRuns.rows.find((r) => r.flow === flow);
    const f = failuresBy.get(flow);
    return {
      flow,
      lastRun: last
        ? { status: last.status, startedAt: last.started_at.toISOString(), finishedAt: last.finished_at?.toISOString() ?? null, errorCode: last.error_code }
        : null,
      runs24h: Number(f?.runs ?? 0),
      failedRuns24h: Number(f?.failed ?? 0),
    };
  });
  const seen = new Set<string>();
  const quota = buckets.rows.flatMap((b) => {
    if (seen.has(b.operation)) return []; // two applications of one seller: the most recently used bucket
    seen.add(b.operation);
    const plan = (USAGE_PLANS as Record<string, { rate: number; burst: number } | undefined>)[b.operation];
    const rate = b.learnt_rate !== null ? Number(b.learnt_rate) * PACING : plan ? plan.rate * PACING : null;
    const elapsed = Math.max(0, (now.getTime() - b.updated_at.getTime()) / 1000);
    const refilled = rate === null ? Number(b.tokens) : Number(b.tokens) + elapsed * rate;
    const left = plan ? Math.min(plan.burst, refilled) : refilled;
    return [{
      operation: b.operation,
      tokensLeft: Math.round(left * 100) / 100,
      burst: plan?.burst ?? null,
      ratePerSecond: rate,
      pausedUntil: b.paused_until && b.paused_until > now ? b.paused_until.toISOString() : null,
    }];
  });
  return {
    backendId: id,
    asOf: now.toISOString(),
    flows,
    ordersImportedToday: importRows.filter((r) => r.hour >= midnight).reduce((n, r) => n + Number(r.n), 0),
    openConflicts: conflicts.rows.map((r) => ({ code: r.code, count: Number(r.n) })),
    importsPerHour: series(slots, importRows),
    conflictsPerHour: series(slots, newConflicts.rows),
    quota,
  };
}
