/**
 * The fba-stock flow's tasks: a snapshot of one pool, the crontab pass that queues the pools whose last snapshot
 * is older than the backend's interval, and the FBA_INVENTORY_AVAILABILITY_CHANGES handler that queues a snapshot
 * of the pools its marketplaces belong to (a burst of notifications, one per SKU, makes one snapshot).
 */
import { defineTask, goLiveOfFlow, type FlowCron, type FlowJob } from '../frame/flow.ts';
import { NotificationPayload, notificationOf } from '../frame/notifications/index.ts';
import { fbaSettings, poolLocations, poolOfMarketplace, poolsOf } from '../fba/index.ts';
import { queueSnapshot } from './drift/apply-drift.ts';
import { CronPayload, FBA_INVENTORY_NOTIFICATION, fbaStockGoLive, SnapshotPayload, TaskNames } from './fba-stock.payloads.ts';
import { fbaStockSettings } from './fba-stock.settings.ts';
import { takeSnapshot } from './snapshot/take-snapshot.ts';
import { lastSnapshots } from './snapshot/stock-store.ts';

/** Seconds a notified snapshot waits, gathering the other notifications of the same change. */
const NOTIFIED_DELAY_SECONDS = 30;

const snapshot = defineTask({
  name: TaskNames.snapshot,
  payload: SnapshotPayload,
  async run(job, p) {
    const r = await takeSnapshot(job.env, p.backendId, p.pool, job.signal);
    // Another run holds the pool: it may have read Amazon before the change that queued this one.
    if (r.state === 'busy') await queueSnapshot(job.env.db.pool, p.backendId, p.pool, NOTIFIED_DELAY_SECONDS);
    job.env.log.info('fba stock snapshot', { backendId: p.backendId, ...r });
  },
});

const snapshotAll = defineTask({
  name: TaskNames.snapshotAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    const now = Date.now();
    for (const b of await env.core.backends.list()) {
      if (!b.enabled || !goLiveOfFlow(fbaStockGoLive, b.settings).enabled) continue;
      const intervalMs = fbaStockSettings.of(b.settings).snapshotIntervalMinutes * 60_000;
      const last = new Map((await lastSnapshots(env.db.pool, b.id)).map((s) => [s.pool, s.takenAt.getTime()]));
      for (const pool of poolsOf(fbaSettings.of(b.settings).pools ?? {}, b.marketplaceIds).pools.keys()) {
        if (now - (last.get(pool) ?? 0) < intervalMs) continue;
        // A pool not set up or seeded yet has nothing to compare: no job for it.
        if (!(await poolLocations(env.core.binder, b.id, pool))?.seeded) continue;
        await queueSnapshot(env.db.pool, b.id, pool);
      }
    }
  },
});

/** The pools a stored FBA_INVENTORY_AVAILABILITY_CHANGES notification names, for `backendId`'s marketplaces. */
export async function onInventoryNotified(job: Pick<FlowJob, 'env'>, backendId: number, notificationId: string): Promise<string[]> {
  const n = await notificationOf(job.env.db.pool, notificationId);
  if (!n || n.type !== FBA_INVENTORY_NOTIFICATION) return [];
  const backend = await job.env.core.backends.get(backendId);
  const byMarketplace = n.payload.FulfillmentInventoryByMarketplace;
  const named = Array.isArray(byMarketplace) ? byMarketplace.map((m) => (m as { MarketplaceId?: unknown })?.MarketplaceId).filter((m): m is string => typeof m === 'string') : [];
  const pools = new Set<string>();
  for (const m of named) {
    if (!backend.marketplaceIds.includes(m)) continue;
    const pool = poolOfMarketplace(backend.settings, m);
    if (pool) pools.add(pool);
  }
  for (const pool of pools) await queueSnapshot(job.env.db.pool, backendId, pool, NOTIFIED_DELAY_SECONDS);
  return [...pools].sort();
}

const notified = defineTask({
  name: TaskNames.notified,
  payload: NotificationPayload,
  async run(job, p) {
    const pools = await onInventoryNotified(job, p.backendId, p.notificationId);
    job.env.log.debug('fba inventory notified', { backendId: p.backendId, pools });
  },
});

export const fbaStockTasks = [snapshot, snapshotAll, notified];
// Every five minutes: the pools due by their backend's interval (the interval itself is a setting).
export const fbaStockCrontab: readonly FlowCron[] = [{ pattern: '*/5 * * * *', task: TaskNames.snapshotAll, options: '?max=1' }];
