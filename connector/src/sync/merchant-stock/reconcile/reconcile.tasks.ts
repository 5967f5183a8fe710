/**
 * The reconciliation's tasks: `reconcile` (a backend's every SKU against Amazon's listings; enqueue it to run one
 * now), the crontab pass that queues it for each backend whose interval has passed, the
 * LISTINGS_ITEM_MFN_QUANTITY_CHANGE handler (an echo of our own send ignored, anything else a re-check of the SKU
 * after the settle time), and the pass that reconciles the SKUs whose re-check is due, together.
 */
import { PermanentError } from '../../../core/errors.ts';
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { defineTask, goLiveOfFlow, type FlowCron, type FlowJob } from '../../frame/flow.ts';
import { NotificationPayload, notificationOf } from '../../frame/notifications/index.ts';
import { merchantStockSettings } from '../merchant-stock.settings.ts';
import { BackendPayload, CronPayload } from '../merchant-stock.payloads.ts';
import { merchantStockGoLive, schedulePush } from '../merchant-stock.tasks.ts';
import { offerOf } from '../store/offer-store.ts';
import { clearChecks, dueChecks, requestCheck } from './listing-store.ts';
import { judgeNotified, MFN_QUANTITY_NOTIFICATION, readMfnPayload, type NotifiedDecision } from './mfn-notification.ts';
import { ReconcilePayload, ReconcileTaskNames, ReconcileTasks } from './reconcile.payloads.ts';
import { reconcileBackend, type ReconcileResult } from './reconcile-run.ts';
import { lastCronReconcile } from './reconcile-runs.ts';

/** SKUs reconciled by one re-check pass; more are taken by the next one, queued at once. */
const RECHECK_BATCH = 500;

/** Queues the backend's full reconciliation (one waiting at a time). */
export async function scheduleReconcile(db: Queryable, backendId: number, trigger: 'cron' | 'task' = 'task'): Promise<void> {
  await enqueue(db, ReconcileTasks.reconcile, { backendId, trigger } satisfies ReconcilePayload, { jobKey: `merchant-stock-reconcile:${backendId}`, maxAttempts: 5 });
}

/** Queues the re-check pass at `at` (an earlier one already queued keeps its time). */
async function scheduleRecheck(db: Queryable, backendId: number, at: Date): Promise<void> {
  await enqueue(db, ReconcileTasks.recheckDue, { backendId } satisfies BackendPayload, { jobKey: `merchant-stock-recheck:${backendId}`, jobKeyMode: 'preserve_run_at', runAt: at, maxAttempts: 10 });
}

async function afterRun(job: FlowJob, backendId: number, r: ReconcileResult): Promise<void> {
  if (r.runId !== null) job.env.log.info('merchant stock reconciled', { backendId, runId: r.runId, checked: r.checked, drift: r.counts.drift, repaired: r.repaired.length });
  if (r.repaired.length || r.recomputed) await schedulePush(job.env.db.pool, backendId);
}

const reconcile = defineTask({
  name: ReconcileTaskNames.reconcile,
  payload: ReconcilePayload,
  async run(job, p) {
    const r = await reconcileBackend(job.env, p.backendId, { trigger: p.trigger ?? 'task', owner: job.owner ?? null, correlationId: job.correlationId, ...(job.signal ? { signal: job.signal } : {}) });
    await afterRun(job, p.backendId, r);
  },
});

const reconcileAll = defineTask({
  name: ReconcileTaskNames.reconcileAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    for (const b of await env.core.backends.list()) {
      if (!b.enabled || !goLiveOfFlow(merchantStockGoLive, b.settings).enabled) continue;
      const minutes = merchantStockSettings.of(b.settings).reconcile.intervalMinutes;
      if (minutes === 0) continue;
      const last = await lastCronReconcile(env.db.pool, b.id);
      if (last && Date.now() - last.getTime() < minutes * 60_000) continue;
      await scheduleReconcile(env.db.pool, b.id, 'cron');
    }
  },
});

/** Judges a stored LISTINGS_ITEM_MFN_QUANTITY_CHANGE for `backendId`; a re-check is requested in the settle time. */
export async function onQuantityNotified(job: Pick<FlowJob, 'env'>, backendId: number, notificationId: string): Promise<NotifiedDecision | 'gone'> {
  const { env } = job;
  const n = await notificationOf(env.db.pool, notificationId);
  if (!n || n.type !== MFN_QUANTITY_NOTIFICATION) return 'gone';
  const read = readMfnPayload(n.payload);
  if (!read.ok) throw new PermanentError('MERCHANT_STOCK_NOTIFICATION_MALFORMED', `${MFN_QUANTITY_NOTIFICATION} ${notificationId} is not in Amazon's shape`, { notificationId, problems: read.problems });
  const backend = await env.core.backends.get(backendId);
  const settings = merchantStockSettings.of(backend.settings);
  const offer = await offerOf(env.db.pool, backendId, read.payload.Sku);
  const decision = judgeNotified(read.payload, offer, settings.excludedSkus.includes(read.payload.Sku));
  if (decision === 'recheck') {
    const due = new Date(Date.now() + settings.reconcile.settleSeconds * 1000);
    await requestCheck(env.db.pool, backendId, read.payload.Sku, due, read.payload.Quantity);
    await scheduleRecheck(env.db.pool, backendId, due);
  }
  return decision;
}

const quantityNotified = defineTask({
  name: ReconcileTaskNames.quantityNotified,
  payload: NotificationPayload,
  async run(job, p) {
    const decision = await onQuantityNotified(job, p.backendId, p.notificationId);
    job.env.log.debug('merchant quantity notified', { backendId: p.backendId, decision });
  },
});

/** Reconciles the SKUs whose re-check is due; returns the run's result (null: none due). */
export async function runDueRechecks(job: Pick<FlowJob, 'env'> & Partial<Pick<FlowJob, 'owner' | 'signal'>>, backendId: number): Promise<ReconcileResult | null> {
  const { env } = job;
  const startedAt = new Date();
  const due = await dueChecks(env.db.pool, backendId, RECHECK_BATCH);
  let result: ReconcileResult | null = null;
  if (due.skus.length) {
    result = await reconcileBackend(env, backendId, { trigger: 'notification', skus: due.skus, owner: job.owner ?? null, ...(job.signal ? { signal: job.signal } : {}) });
    await clearChecks(env.db.pool, backendId, due.skus, startedAt);
  }
  const more = due.skus.length === RECHECK_BATCH ? new Date() : due.next;
  if (more) await scheduleRecheck(env.db.pool, backendId, more);
  return result;
}

const recheckDue = defineTask({
  name: ReconcileTaskNames.recheckDue,
  payload: BackendPayload,
  async run(job, p) {
    const r = await runDueRechecks(job, p.backendId);
    if (r) await afterRun(job, p.backendId, r);
  },
});

export const reconcileTasks = [reconcile, reconcileAll, quantityNotified, recheckDue];
// Every five minutes: the backends whose interval (a setting) has passed since their last crontab reconciliation.
export const reconcileCrontab: readonly FlowCron[] = [{ pattern: '*/5 * * * *', task: ReconcileTaskNames.reconcileAll, options: '?max=1' }];
