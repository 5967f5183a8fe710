/**
 * What the backfill estimate reads from the connector's tables: the shared searchOrders bucket of the seller (keyed
 * as Amazon counts it: application, seller, region) with the backend's own override, how many orders the regular
 * sweeps already stored for the window (over the part of it they have covered), and how much of the bucket the
 * workers' sweeps will take meanwhile.
 */
import { quotaSettings } from '../amazon/quota.settings.ts';
import type { BackendRecord } from '../core/backend/index.ts';
import { quotaKeysFor } from '../core/rate-limit/index.ts';
import type { Queryable } from '../core/sql.ts';
import { usagePlanFor } from '../amazon/usage-plans.ts';
import { defaultSweepWindow } from '../sync/orders/sweep-window.ts';
import { ordersSettings } from '../sync/orders/orders.settings.ts';
import { effectiveQuota, type EffectiveQuota, type StoredDensity, type WorkerSweep } from './backfill-estimate.ts';

/** The searchOrders quota the gate will apply to `backend`'s next calls (`applicationId`: its LWA client id). */
export async function searchOrdersQuota(db: Queryable, backend: BackendRecord, applicationId: string): Promise<EffectiveQuota> {
  const plan = usagePlanFor('searchOrders');
  const override = quotaSettings.of(backend.settings).rateOverrides.searchOrders;
  // The same refill the gate computes (pg-quota-gate.ts), read without taking a token.
  const { rows } = await db.query<{ tokens_now: number; learnt_rate: number | null }>(
    `select (b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.updated_at))
              * coalesce($3::numeric, b.learnt_rate, $4::numeric))::float8 as tokens_now,
            b.learnt_rate::float8
       from rate_bucket b where b.seller_key = $1 and b.operation = $2`,
    [quotaKeysFor(backend.amazonRegion, applicationId, backend.sellerId).seller, 'searchOrders', override ? String(override.rate) : null, String(plan.rate)],
  );
  const r = rows[0];
  const bucket = r ? { tokensNow: r.tokens_now, learntRate: r.learnt_rate } : null;
  return effectiveQuota(plan, override, bucket);
}

/**
 * Orders stored with a last update inside the part of [from, to) that the regular sweeps have been over: from
 * the first sweep's own start (its run minus the initial look-back) up to the cursor.
 */
export async function storedDensity(db: Queryable, backendId: number, from: Date, to: Date): Promise<StoredDensity> {
  const { rows } = await db.query<{ first_sweep: Date | null; cursor: Date | null }>(
    `select (select min(started_at) from sync_run where backend_id = $1 and flow = 'orders.sweep' and trigger = 'sweep') as first_sweep,
            (select last_updated_after from sweep_cursor where backend_id = $1 and flow = 'orders') as cursor`,
    [backendId],
  );
  const { first_sweep: firstSweep, cursor } = rows[0] ?? {};
  if (!firstSweep || !cursor) return { orders: 0, coveredMs: 0 };
  const coveredFrom = new Date(Math.max(from.getTime(), firstSweep.getTime() - defaultSweepWindow.initialLookbackMs));
  const coveredTo = new Date(Math.min(to.getTime(), cursor.getTime()));
  if (coveredTo.getTime() <= coveredFrom.getTime()) return { orders: 0, coveredMs: 0 };
  const { rows: counted } = await db.query<{ n: number }>(
    `select count(*)::int as n from fetched_document
      where backend_id = $1 and kind = 'order' and source_updated_at >= $2 and source_updated_at < $3
        and summary ->> 'fulfilledBy' is distinct from 'AMAZON'`,
    [backendId, coveredFrom, coveredTo],
  );
  return { orders: counted[0]?.n ?? 0, coveredMs: coveredTo.getTime() - coveredFrom.getTime() };
}

/** Recent sweeps looked at per backend for their cost in pages. */
const RECENT_SWEEPS = 20;

/**
 * How each backend sharing the bucket (`sharing`, the backend itself included) sweeps: its interval, and the pages
 * its recent sweeps cost (orders fetched / page size, at least the one call an empty window costs; 1 when none ran).
 */
export async function workerSweeps(db: Queryable, sharing: readonly BackendRecord[]): Promise<WorkerSweep[]> {
  if (!sharing.length) return [];
  const { rows } = await db.query<{ backend_id: number; pages: number | null }>(
    `select b.id as backend_id,
            (select avg(greatest(1, ceil((coalesce((r.counts ->> 'ok')::numeric, 0) + coalesce((r.counts ->> 'conflict')::numeric, 0)) / b.page_size)))::float8
               from (select counts from sync_run where backend_id = b.id and flow = 'orders.sweep' and trigger = 'sweep'
                      order by started_at desc limit ${RECENT_SWEEPS}) r) as pages
       from unnest($1::int[], $2::int[]) as b(id, page_size)`,
    [sharing.map((b) => b.id), sharing.map((b) => ordersSettings.of(b.settings).pageSize)],
  );
  const pages = new Map(rows.map((r) => [r.backend_id, r.pages ?? 1]));
  return sharing.map((b) => ({ intervalSeconds: ordersSettings.of(b.settings).sweepIntervalSeconds, pagesPerSweep: pages.get(b.id) ?? 1 }));
}

/**
 * The backends whose sweeps take from the same searchOrders bucket as `backend`: enabled (a disabled one does not
 * sweep), same region and seller, and the same application (LWA client id, sealed with each one's credentials).
 */
export async function backendsSharingBucket(
  backends: { list(): Promise<BackendRecord[]>; credentials(id: number): Promise<{ amazon: { lwaClientId: string } }> },
  backend: BackendRecord,
  applicationId: string,
): Promise<BackendRecord[]> {
  const candidates = (await backends.list()).filter(
    (b) => b.id === backend.id || (b.enabled && b.amazonRegion === backend.amazonRegion && b.sellerId === backend.sellerId),
  );
  const apps = await Promise.all(candidates.map((b) => (b.id === backend.id ? applicationId : backends.credentials(b.id).then((c) => c.amazon.lwaClientId, () => null))));
  return candidates.filter((_, i) => apps[i] === applicationId);
}
