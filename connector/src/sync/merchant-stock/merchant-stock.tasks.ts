/**
 * The merchant-stock flow's tasks: recompute (some products, or all SKUs for a resync) then push; the change
 * feed's moves task (products of changed stock moves -> recompute); new Amazon orders (queued by the orders-stored
 * hook as they are stored, and every minute as a safety sweep: their products recomputed before the import); the feed result task; and the hourly safety net that recomputes every
 * backend with the flow on (a change the feed missed is caught within the hour).
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import { ChangedRecords } from '../frame/change-feed/index.ts';
import { FeedResultPayload } from '../frame/feeds/index.ts';
import { defineTask, goLiveOfFlow, type FlowCron } from '../frame/flow.ts';
import { freeStockGateway } from './erp/free-stock.gateway.ts';
import { BackendPayload, CronPayload, MERCHANT_STOCK_FLOW, RecomputePayload, TaskNames, Tasks } from './merchant-stock.payloads.ts';
import { readFeedResults } from './push/feed-results.ts';
import { pushOffers } from './push/push-offers.ts';
import { recomputeForNewOrders } from './orders-seen.ts';
import { recomputeOffers } from './recompute.ts';

export const merchantStockGoLive = { name: MERCHANT_STOCK_FLOW, goLive: { enabledByDefault: false } } as const;

/** One queue per backend: its recomputes and pushes run one after the other, on whichever worker. */
const queueOf = (backendId: number) => `merchant-stock:${backendId}`;

/** Queues the backend's push (one pending: a later request replaces the waiting one, the lock orders running ones). */
export async function schedulePush(db: Queryable, backendId: number, inSeconds = 0): Promise<void> {
  await enqueue(db, Tasks.push, { backendId } satisfies BackendPayload, {
    jobKey: `merchant-stock-push:${backendId}`,
    queueName: queueOf(backendId),
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 10,
  });
}

/** Queues a recompute (`force`: every SKU's quantity sent again, the resync of the API and the CLI). */
export async function scheduleRecompute(db: Queryable, payload: RecomputePayload): Promise<void> {
  await enqueue(db, Tasks.recompute, payload, { queueName: queueOf(payload.backendId), maxAttempts: 10 });
}

/**
 * Queues the backend's recompute for new orders (`orders-seen`: the SKUs of orders stored since its cursor). One
 * job per backend: a burst of stored orders (a sweep's pages, many notifications) makes one job, whose time
 * `preserve_run_at` keeps. A running copy is not replaced: a storing after it began gets a job of its own
 * (graphile-worker frees the key of a locked job), so no stored order waits for the minute's safety sweep.
 */
export async function scheduleOrdersSeen(db: Queryable, backendId: number): Promise<void> {
  await enqueue(db, Tasks.ordersSeen, { backendId } satisfies BackendPayload, {
    jobKey: `merchant-stock-orders:${backendId}`,
    jobKeyMode: 'preserve_run_at',
    queueName: queueOf(backendId),
    maxAttempts: 3,
  });
}

const recompute = defineTask({
  name: TaskNames.recompute,
  payload: RecomputePayload,
  async run({ env }, p) {
    const r = await recomputeOffers(env, p.backendId, { ...(p.productIds ? { productIds: p.productIds } : {}), force: p.force ?? false });
    if (r.changed.length) {
      env.log.info('merchant stock recomputed', { backendId: p.backendId, skus: r.skus, changed: r.changed.length });
      await schedulePush(env.db.pool, p.backendId);
    }
  },
});

const push = defineTask({
  name: TaskNames.push,
  payload: BackendPayload,
  async run(job, p) {
    const r = await pushOffers(job.env, p.backendId, { dryRun: job.goLive?.dryRun ?? false, ...(job.signal ? { signal: job.signal } : {}) });
    if (r.wouldSend) {
      // The first 50 SKUs with their quantities (a full catalogue in one log line would be unreadable).
      const sample = Object.fromEntries(Object.entries(r.wouldSend).slice(0, 50));
      job.env.log.info('merchant stock dry run: would send', { backendId: p.backendId, skus: Object.keys(r.wouldSend).length, sample });
    }
    else if (r.patched || r.queued || r.refused) job.env.log.info('merchant stock pushed', { backendId: p.backendId, patched: r.patched, queued: r.queued, refused: r.refused });
    if (r.more) await schedulePush(job.env.db.pool, p.backendId);
  },
});

const movesDone = defineTask({
  name: TaskNames.movesDone,
  payload: ChangedRecords,
  async run({ env }, p) {
    const { erp } = await env.runtimes.get(p.backendId);
    const productIds = await freeStockGateway(erp).productsOfMoves(p.ids);
    if (!productIds.length) return;
    const r = await recomputeOffers(env, p.backendId, { productIds });
    if (r.changed.length) await schedulePush(env.db.pool, p.backendId);
  },
});

const feedResult = defineTask({
  name: TaskNames.feedResult,
  payload: FeedResultPayload,
  async run({ env }, p) {
    const r = await readFeedResults(env, p.backendId, p.feedId);
    if (r.rejected || r.recheck.length) env.log.info('merchant stock feed read', { backendId: p.backendId, feedId: p.feedId, accepted: r.accepted, rejected: r.rejected, recheck: r.recheck.length });
    if (r.recheck.length) await schedulePush(env.db.pool, p.backendId);
  },
});

const resyncAll = defineTask({
  name: TaskNames.resyncAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    for (const b of await env.core.backends.list()) {
      if (!b.enabled || !goLiveOfFlow(merchantStockGoLive, b.settings).enabled) continue;
      await scheduleRecompute(env.db.pool, { backendId: b.id });
    }
  },
});

const ordersSeen = defineTask({
  name: TaskNames.ordersSeen,
  payload: BackendPayload,
  async run({ env }, p) {
    const r = await recomputeForNewOrders(env, p.backendId);
    if (r.changed.length) await schedulePush(env.db.pool, p.backendId);
  },
});

const ordersSeenAll = defineTask({
  name: TaskNames.ordersSeenAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    for (const b of await env.core.backends.list()) {
      if (!b.enabled || !goLiveOfFlow(merchantStockGoLive, b.settings).enabled) continue;
      await scheduleOrdersSeen(env.db.pool, b.id);
    }
  },
});

export const merchantStockTasks = [recompute, push, movesDone, feedResult, resyncAll, ordersSeen, ordersSeenAll];
export const merchantStockCrontab: readonly FlowCron[] = [
  { pattern: '17 * * * *', task: TaskNames.resyncAll, options: '?max=1' },
  // Every minute, a safety sweep behind the flow's onOrdersStored hook (which queues orders-seen in the storing
  // transaction): it starts the cursor, catches orders stored while the flow was off or by a path that does not
  // call the hook, and re-runs a job that used up its attempts (the cursor moves only when a look succeeds).
  { pattern: '* * * * *', task: TaskNames.ordersSeenAll, options: '?max=1' },
];
