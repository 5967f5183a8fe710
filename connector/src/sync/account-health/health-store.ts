/**
 * The flow's two tables, written with SQL in the caller's transaction: `account_health_rate` (one row per backend,
 * marketplace, metric and reporting period: a report read again for the same period updates the row, never adds
 * one) and `account_health_alert` (one per period, metric and level: the same warning is never raised twice).
 */
import type { Queryable } from '../../core/sql.ts';
import type { RateRow } from './rates.ts';
import { levelOf, THRESHOLDS, type Metric } from './thresholds.ts';

/** Stores the rows (updating those of a period read before); how many were new. */
export async function upsertRates(tx: Queryable, backendId: number, rows: readonly RateRow[]): Promise<number> {
  if (!rows.length) return 0;
  const col = <K extends keyof RateRow>(k: K) => rows.map((r) => r[k]);
  const { rows: out } = await tx.query<{ inserted: boolean }>(
    `insert into account_health_rate (backend_id, marketplace_id, metric, period_from, period_to, count, total, rate, status, target_value, target_condition, detail)
     select $1, * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::int[], $8::float8[], $9::text[], $10::float8[], $11::text[], $12::jsonb[])
     on conflict (backend_id, marketplace_id, metric, period_from, period_to) do update set count = excluded.count, total = excluded.total,
       rate = excluded.rate, status = excluded.status, target_value = excluded.target_value, target_condition = excluded.target_condition,
       detail = excluded.detail, read_at = now()
     returning (xmax = 0) as inserted`,
    [backendId, col('marketplaceId'), col('metric'), col('periodFrom'), col('periodTo'), col('count'), col('total'), col('rate'), col('status'),
      col('targetValue'), col('targetCondition'), rows.map((r) => (r.detail === null ? null : JSON.stringify(r.detail)))],
  );
  return out.filter((r) => r.inserted).length;
}

/** Raises the alerts the rows call for (a warn or breach level not raised yet for that period); the new alerts' ids. */
export async function raiseAlerts(tx: Queryable, backendId: number, rows: readonly RateRow[], warnMargin: number): Promise<number[]> {
  const due = rows.flatMap((r) => {
    const t = THRESHOLDS[r.metric];
    // No orders under the rate (Amazon's NONE): nothing to warn about.
    if (!t || r.total === 0) return [];
    const level = levelOf(t, r.rate, warnMargin);
    return level === 'ok' ? [] : [{ ...r, level, threshold: t.value }];
  });
  if (!due.length) return [];
  const col = <K extends keyof (typeof due)[number]>(k: K) => due.map((r) => r[k]);
  const { rows: out } = await tx.query<{ id: string }>(
    `insert into account_health_alert (backend_id, marketplace_id, metric, period_from, period_to, level, rate, threshold)
     select $1, * from unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::text[], $7::float8[], $8::float8[])
     on conflict on constraint account_health_alert_unique do nothing returning id`,
    [backendId, col('marketplaceId'), col('metric'), col('periodFrom'), col('periodTo'), col('level'), col('rate'), col('threshold')],
  );
  return out.map((r) => Number(r.id));
}

/**
 * The open alerts (activity pending or made) of the marketplaces and metrics whose rows are back under the warning
 * level: their notify job decides from the latest stored rate (`latestRate`) and closes them.
 */
export async function recoveredAlerts(tx: Queryable, backendId: number, rows: readonly RateRow[], warnMargin: number): Promise<number[]> {
  const ok = rows.filter((r) => {
    const t = THRESHOLDS[r.metric];
    return t && r.total > 0 && levelOf(t, r.rate, warnMargin) === 'ok';
  });
  if (!ok.length) return [];
  const { rows: out } = await tx.query<{ id: string }>(
    `select a.id from account_health_alert a join unnest($2::text[], $3::text[]) as r(marketplace_id, metric) using (marketplace_id, metric)
      where a.backend_id = $1 and a.activity_state in ('pending', 'created') order by a.id`,
    [backendId, ok.map((r) => r.marketplaceId), ok.map((r) => r.metric)]);
  return out.map((r) => Number(r.id));
}

/** The rate of the latest period read for a marketplace and metric (null when none, or no orders under it). */
export async function latestRate(db: Queryable, backendId: number, marketplaceId: string, metric: string): Promise<number | null> {
  const { rows } = await db.query<{ rate: number; total: number }>(
    `select rate, total from account_health_rate where backend_id = $1 and marketplace_id = $2 and metric = $3 order by period_to desc, period_from desc limit 1`,
    [backendId, marketplaceId, metric]);
  return rows[0] && rows[0].total > 0 ? rows[0].rate : null;
}

export interface StoredRate extends RateRow {
  readAt: Date;
}

/** The history, oldest period first (per marketplace and metric), periods ending after `since`. */
export async function rateHistory(db: Queryable, backendId: number, since: Date): Promise<StoredRate[]> {
  const { rows } = await db.query<StoredRate>(
    `select marketplace_id as "marketplaceId", metric, period_from as "periodFrom", period_to as "periodTo", count, total, rate, status,
            target_value as "targetValue", target_condition as "targetCondition", detail, read_at as "readAt"
       from account_health_rate where backend_id = $1 and period_to >= $2 order by marketplace_id, metric, period_to, period_from`,
    [backendId, since],
  );
  return rows;
}

export interface AlertRow {
  id: number;
  marketplaceId: string;
  metric: Metric;
  periodFrom: Date;
  periodTo: Date;
  level: 'warn' | 'breach';
  rate: number;
  threshold: number;
  raisedAt: Date;
  activityState: string;
  erpActivityId: number | null;
}

const ALERT_COLUMNS = `id::int, marketplace_id as "marketplaceId", metric, period_from as "periodFrom", period_to as "periodTo", level, rate, threshold,
  raised_at as "raisedAt", activity_state as "activityState", erp_activity_id as "erpActivityId"`;

/** The newest alerts first. */
export async function listAlerts(db: Queryable, backendId: number, limit: number): Promise<AlertRow[]> {
  const { rows } = await db.query<AlertRow>(`select ${ALERT_COLUMNS} from account_health_alert where backend_id = $1 order by raised_at desc, id desc limit $2`, [backendId, limit]);
  return rows;
}

export async function alertOf(db: Queryable, backendId: number, id: number): Promise<AlertRow | null> {
  const { rows } = await db.query<AlertRow>(`select ${ALERT_COLUMNS} from account_health_alert where backend_id = $1 and id = $2`, [backendId, id]);
  return rows[0] ?? null;
}

export async function setActivity(db: Queryable, id: number, state: string, erpActivityId: number | null): Promise<void> {
  await db.query(`update account_health_alert set activity_state = $2, erp_activity_id = $3 where id = $1`, [id, state, erpActivityId]);
}

/** Per backend, each marketplace's and metric's latest rate (its newest period): what the gauges show. */
export async function latestRates(db: Queryable, backendIds: readonly number[]): Promise<Array<{ backendId: number; marketplaceId: string; metric: string; rate: number }>> {
  if (!backendIds.length) return [];
  const { rows } = await db.query<{ backendId: number; marketplaceId: string; metric: string; rate: number }>(
    `select distinct on (backend_id, marketplace_id, metric) backend_id as "backendId", marketplace_id as "marketplaceId", metric, rate
       from account_health_rate where backend_id = any($1::int[]) and metric <> 'policyWarnings'
      order by backend_id, marketplace_id, metric, period_to desc, period_from desc`,
    [[...backendIds]],
  );
  return rows;
}
