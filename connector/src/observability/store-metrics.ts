/**
 * The business figures a scraper needs, computed from the database at scrape time, so that any process that
 * serves /metrics (the API above all, which runs no job) shows the same truth whichever process did the work:
 * each flow's records by state (the flows' `status.counts`), open conflicts by code, sweep lag, time since each
 * flow's last progress, stalled and failing flows, and the job queue. One query per scrape plus one per flow's
 * counts (the gauges of one scrape share them), reading counts and a few rows per backend: no buyer data.
 */
import { Gauge, type Registry } from 'prom-client';
import { STALLED_SQL } from '../core/health/index.ts';
import type { Queryable } from '../core/sql.ts';

interface Row {
  m: string;
  a: string;
  b: string;
  /** A third label (a flow's record state). */
  c?: string;
  /** A flow gauge's own labels. */
  labels?: Readonly<Record<string, string>>;
  v: number;
}

/**
 * A gauge a flow declares (FlowDefinition.metrics): its figures per backend, read from the database at each scrape
 * like the ones below (e.g. the shipments flow's orders at risk of shipping late). `name` is the metric's full name.
 */
export interface StoreGauge {
  name: string;
  help: string;
  /** Label names besides `backend`. */
  labels?: readonly string[];
  collect(db: Queryable, backendIds: readonly number[]): Promise<Array<{ backendId: number; labels?: Readonly<Record<string, string>>; value: number }>>;
}

/** A flow whose records the metrics count (its name, its `status` and its own gauges, see sync/frame/flow.ts). */
export interface CountedFlow {
  name: string;
  status?: { counts(db: Queryable, backendIds: readonly number[]): Promise<Map<number, Record<string, number>>> };
  metrics?: readonly StoreGauge[];
}

// Each branch yields (metric, first label, second label, value); the labels' names are given per gauge below.
const SNAPSHOT = `
  select 'backend' as m, id::text as a, '' as b, 0::float8 as v from backend
  union all
  select 'conflicts', backend_id::text, code, count(*)::float8 from sync_conflict where status = 'open' group by backend_id, code
  union all
  select 'lag', backend_id::text, flow, extract(epoch from now() - last_updated_after)::float8 from sweep_cursor
  union all
  select 'since', h.backend_id::text, h.flow, extract(epoch from now() - h.last_progress_at)::float8 from flow_health h where h.last_progress_at is not null
  union all
  select 'stalled', h.backend_id::text, h.flow, (case when ${STALLED_SQL} then 1 else 0 end)::float8 from flow_health h
  union all
  select 'failing', h.backend_id::text, h.flow, (case when h.failing_code is not null then 1 else 0 end)::float8 from flow_health h
  union all
  select 'jobs', t.identifier, s.state, count(*)::float8
    from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
   cross join lateral (select case when j.locked_at is not null then 'locked' when j.attempts >= j.max_attempts then 'failed'
                                   when j.run_at > now() then 'scheduled' else 'queued' end as state) s
   group by t.identifier, s.state`;

const GAUGES: Array<{ m: string; name: string; help: string; labels: [string, string] | [string, string, string] }> = [
  {
    m: 'records',
    name: 'aec_records',
    help: "Each flow's records by state (orders: stored Amazon orders by sync state; failed = records that need a person)",
    labels: ['backend', 'flow', 'state'],
  },
  { m: 'conflicts', name: 'aec_conflicts_open', help: 'Open conflicts by code', labels: ['backend', 'code'] },
  { m: 'lag', name: 'aec_sweep_lag_seconds', help: 'Now minus the sweep cursor (Amazon changes older than this are stored)', labels: ['backend', 'flow'] },
  { m: 'since', name: 'aec_flow_seconds_since_progress', help: "Seconds since the flow's last successful run (a sweep that went through)", labels: ['backend', 'flow'] },
  { m: 'stalled', name: 'aec_flow_stalled', help: 'The flow made no progress for 3 of its intervals (at least 5 min): 1', labels: ['backend', 'flow'] },
  { m: 'failing', name: 'aec_flow_failing', help: 'The flow failed its last attempt (see the backend health for the code): 1', labels: ['backend', 'flow'] },
  { m: 'jobs', name: 'aec_jobs', help: 'Background jobs by task: queued (due), scheduled (later), locked (running), failed (attempts used up)', labels: ['task', 'state'] },
];

/**
 * Adds the database-backed gauges to `registry`. prom-client starts every gauge's collect() in the same tick of a
 * scrape, so sharing the query while it is in flight makes one query per scrape, and never a stale figure.
 */
export function registerStoreMetrics(registry: Registry, db: Queryable, flows: readonly CountedFlow[] = []): void {
  const gauges = flows.flatMap((f) => f.metrics ?? []);
  let pending: Promise<Row[]> | null = null;
  let ok = 1;
  const read = async (): Promise<Row[]> => {
    const { rows } = await db.query<Row>(SNAPSHOT);
    const ids = rows.filter((r) => r.m === 'backend').map((r) => Number(r.a));
    const counted = await Promise.all(
      flows.map(async (f) => {
        const byBackend = f.status ? await f.status.counts(db, ids) : new Map<number, Record<string, number>>();
        return [...byBackend].flatMap(([id, states]) => Object.entries(states).map(([state, n]) => ({ m: 'records', a: String(id), b: f.name, c: state, v: n })));
      }),
    );
    // Each flow gauge's figures (m: the gauge's name), read beside the rest of the snapshot.
    const gauged = await Promise.all(
      gauges.map(async (g) => (await g.collect(db, ids)).map((r) => ({ m: g.name, a: String(r.backendId), b: '', labels: r.labels ?? {}, v: r.value }))),
    );
    return [...rows, ...counted.flat(), ...gauged.flat()];
  };
  const snapshot = (): Promise<Row[]> => {
    // A failed query leaves the business gauges empty (and aec_store_metrics_ok at 0) rather than fail the
    // scrape: the process's own metrics still tell why.
    pending ??= read()
      .then(
        (r) => ((ok = 1), r),
        () => ((ok = 0), [] as Row[]),
      )
      .finally(() => (pending = null));
    return pending;
  };
  new Gauge({
    name: 'aec_store_metrics_ok',
    help: 'The business gauges below were read from the database at this scrape (0: the query failed)',
    registers: [registry],
    async collect() {
      await snapshot();
      this.set(ok);
    },
  });
  for (const g of GAUGES) {
    new Gauge({
      name: g.name,
      help: g.help,
      labelNames: g.labels,
      registers: [registry],
      async collect() {
        const rows = await snapshot();
        this.reset();
        for (const r of rows) {
          if (r.m !== g.m) continue;
          this.set({ [g.labels[0]]: r.a, [g.labels[1]]: r.b, ...(g.labels[2] ? { [g.labels[2]]: r.c ?? '' } : {}) }, r.v);
        }
      },
    });
  }
  for (const g of gauges) {
    new Gauge({
      name: g.name,
      help: g.help,
      labelNames: ['backend', ...(g.labels ?? [])],
      registers: [registry],
      async collect() {
        const rows = await snapshot();
        this.reset();
        for (const r of rows) if (r.m === g.name) this.set({ backend: r.a, ...r.labels }, r.v);
      },
    });
  }
}
