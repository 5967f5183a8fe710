/**
 * The order flow's background tasks as the worker runs them (jobs/worker.ts registers each as `orders:<name>`,
 * checks its payload against its schema and skips a backend or a flow that is off before `run`).
 */
import { isInterrupted } from '../../core/abort.ts';
import { privacySettings } from '../../core/backend/index.ts';
import { sealLegacyTaxRegistrations } from '../../db/legacy-pii.ts';
import { sealLegacyGiftMessages } from '../../db/legacy-gift-messages.ts';
import { defineTask, goLiveOfFlow } from '../frame/flow.ts';
import { reportFlowHealth } from '../frame/flow-health-report.ts';
import { amazonAuthRefused, noteAmazonAuthRefusal } from '../frame/amazon-auth.ts';
import { importOrdersTask } from './import-orders.task.ts';
import { CronPayload, ImportPayload, ORDERS_FLOW, ResyncPayload, SweepPayload, TaskNames } from './orders.payloads.ts';
import { ordersSettings } from './orders.settings.ts';
import { resyncOrder } from './resync-order.task.ts';
import { orderChangedTask } from './order-notified.task.ts';
import { keepErpTask, takeAmazonTask } from './conflicts/edited-order.tasks.ts';
import { activateProductTask } from './conflicts/activate-product.action.ts';
import { scheduleNextSweep, sweepOrders } from './sweep-orders.task.ts';

const HEALTH = 'orders.sweep';

const sweepInterval = (settings: Parameters<typeof ordersSettings.of>[0]) => ordersSettings.of(settings).sweepIntervalSeconds;

const sweep = defineTask({
  name: TaskNames.sweep,
  payload: SweepPayload,
  async run(job, p) {
    const { env } = job;
    // Read from the record, not the runtime: the pace is known even when the ERP refuses to connect.
    const interval = sweepInterval((await env.core.backends.get(p.backendId)).settings);
    // Amazon refused the backend's credentials: no sweep (no run, no LWA call) until new ones are stored; the
    // backend shows AMAZON_AUTH_FAILED with what to do, and the every-minute schedule looks again.
    if (await amazonAuthRefused(env, p.backendId)) return;
    let next = interval;
    try {
      const r = await sweepOrders(env, p, undefined, job);
      // A backlog is swept slice after slice; once caught up, at the backend's pace.
      if (!r.caughtUp) next = 0;
      if (r.fetched) env.log.info('sweep', { backendId: p.backendId, fetched: r.fetched, changed: r.changed, malformed: r.malformed, repeated: r.repeated });
      if (!p.window) await reportFlowHealth(env, p.backendId, HEALTH, interval, null);
    } catch (e) {
      // Interrupted: this job is retried by whichever worker is alive. A backfill window: its caller decides.
      if (p.window || isInterrupted(e)) throw e;
      // Any other failure is the flow's state (logged once per change, shown in the backend's health): the next
      // sweep comes at the usual pace and retries the same window, instead of a retry storm that logs the same
      // ERP_AUTH_FAILED every minute.
      await reportFlowHealth(env, p.backendId, HEALTH, interval, e);
      await noteAmazonAuthRefusal(env, p.backendId, e);
    }
    if (!p.window) await scheduleNextSweep(env, p.backendId, next);
  },
});

const sweepAll = defineTask({
  name: TaskNames.sweepAll,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    for (const b of await env.core.backends.list()) {
      // A backend switched off, or whose order flow is: no sweep (enabling either schedules one again).
      if (!b.enabled || !goLiveOfFlow(ordersGoLive, b.settings).enabled) continue;
      // Not set up yet (its set-up failing, say): its sweeps are skipped until the set-up went through, so no
      // sweep is due and none may be reported stalled; the set-up's own health says what is wrong.
      if (b.setUpAt === null) continue;
      // The sweep is due at this pace from now on: if it never gets through, its stall is caught.
      await env.core.health.expect(b.id, HEALTH, sweepInterval(b.settings));
      await scheduleNextSweep(env, b.id, 0);
    }
  },
});

const resync = defineTask({
  name: TaskNames.resync,
  payload: ResyncPayload,
  async run(job, p) {
    try {
      // A payload without a run (enqueued before runs were requested) gets one here.
      await resyncOrder(job.env, { ...p, correlationId: job.correlationId }, { ...job, trigger: 'job' });
    } catch (e) {
      // A permanent failure (the order is unknown to Amazon...) is closed in its run: retrying cannot help.
      if ((e as { kind?: string }).kind === 'retryable') throw e;
      // Amazon refusing the credentials is the backend's state, whichever task met it first.
      if (await noteAmazonAuthRefusal(job.env, p.backendId, e)) return;
      job.env.log.warn('resync failed', { backendId: p.backendId, code: (e as { code?: string }).code ?? 'INTERNAL' });
    }
  },
});

/** Backends whose legacy clear-PII passes found nothing in this process (each pass scans all their documents). */
const legacyClean = new Set<number>();

const redactPii = defineTask({
  name: TaskNames.redactPii,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    // Disabled and deleted backends too: their stored buyer data is redacted on schedule all the same.
    for (const b of await env.core.backends.list({ includeDeleted: true })) {
      // Tax registrations and gift messages stored in clear by earlier versions: sealed (or dropped) before the
      // redaction runs. Once a backend's passes find nothing they are not run again in this process: what is
      // written since is split on write, so only an older version's rows (seen by the first pass) could match.
      if (!legacyClean.has(b.id)) {
        const tax = await sealLegacyTaxRegistrations(env.db.pool, env.core.keyring, b.id);
        const gifts = await sealLegacyGiftMessages(env.db.pool, env.core.keyring, b.id);
        if (tax.orders + tax.conflicts + gifts.orders + gifts.conflicts === 0) legacyClean.add(b.id);
      }
      const { piiRetentionDays } = privacySettings.of(b.settings);
      const n = await env.core.documents.redactOlderThan(b.id, piiRetentionDays);
      if (n) env.log.info('buyer data redacted', { backendId: b.id, orders: n, retentionDays: piiRetentionDays });
    }
  },
});

const importBatch = defineTask({
  name: TaskNames.import,
  payload: ImportPayload,
  async run(job, p) {
    const r = await importOrdersTask(job.env, p, job);
    if (r.imported.length || r.retry.length) job.env.log.info('import', { imported: r.imported.length, retry: r.retry.length, counts: r.counts });
  },
});

/** The flow's go-live identity (the flow definition is built from these tasks: no import cycle). */
export const ordersGoLive = { name: ORDERS_FLOW, goLive: { enabledByDefault: true } };

export const ordersTasks = [sweep, sweepAll, resync, redactPii, importBatch, orderChangedTask, takeAmazonTask, keepErpTask, activateProductTask];

/** The safety net every minute, buyer data redaction every hour. */
export const ordersCrontab = [
  { pattern: '* * * * *', task: TaskNames.sweepAll, options: '?max=3' },
  { pattern: '17 * * * *', task: TaskNames.redactPii, options: '?max=1' },
];
