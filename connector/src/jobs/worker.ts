/**
 * The background worker: graphile-worker on the connector's database, with the sync tasks and the crontab safety
 * net. Any number of worker processes may run at once: jobs are taken with SKIP LOCKED, sweeps of one backend
 * run one at a time (a named queue), and exactly-once comes from bindings, locks and look-ups, not from the queue.
 */
import { EventEmitter } from 'node:events';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { sweepOrders, scheduleNextSweep } from '../sync/orders/sweep-orders.task.ts';
import { importOrdersTask, type ImportJobPayload } from '../sync/orders/import-orders.task.ts';
import type { TaskEnv } from '../sync/task-env.ts';
import { startHeartbeat } from './worker-heartbeat.ts';
import { skipInactiveBackends } from './backend-guard.ts';
import { ordersSettings } from '../sync/orders/orders.settings.ts';
import { privacySettings } from '../core/backend/index.ts';
import { jobError } from './log-safe-error.ts';
import { resyncOrder } from '../sync/orders/resync-order.ts';
import { Tasks, crontab, type ResyncPayload, type SweepPayload } from './tasks.ts';
import { sealLegacyTaxRegistrations } from '../db/legacy-pii.ts';

export interface WorkerOptions {
  concurrency: number;
  /** How often graphile-worker polls when LISTEN/NOTIFY is quiet. */
  pollIntervalMs?: number;
}

/** The task list, bound to `env`; payloads are validated by shape (ids only). */
export function taskList(env: TaskEnv): TaskList {
  const timed = async <T>(task: string, fn: () => Promise<T>): Promise<T> => {
    const end = env.metrics.jobSeconds.startTimer({ task });
    try {
      const r = await fn();
      end({ outcome: 'ok' });
      return r;
    } catch (e) {
      end({ outcome: 'error' });
      const safe = jobError(e);
      env.log.warn('job failed', { task, code: (safe as { code?: string }).code, error: safe.message });
      throw safe;
    }
  };
  return skipInactiveBackends(env, {
    [Tasks.sweepOrders]: async (payload) => {
      const p = payload as SweepPayload;
      await timed(Tasks.sweepOrders, async () => {
        let caughtUp = true;
        try {
          const r = await sweepOrders(env, p);
          caughtUp = r.caughtUp;
          if (r.fetched) env.log.info('sweep', { backendId: p.backendId, fetched: r.fetched, changed: r.changed, malformed: r.malformed });
        } finally {
          if (!p.window) {
            const rt = await env.runtimes.get(p.backendId);
            // A backlog is swept slice after slice; once caught up, at the backend's pace.
            await scheduleNextSweep(env, p.backendId, caughtUp ? ordersSettings.of(rt.backend.settings).sweepIntervalSeconds : 0);
          }
        }
      });
    },
    [Tasks.sweepAll]: async () => {
      await timed(Tasks.sweepAll, async () => {
        for (const b of await env.core.backends.list()) if (b.enabled) await scheduleNextSweep(env, b.id, 0);
      });
    },
    [Tasks.resyncOrder]: async (payload) => {
      const p = payload as ResyncPayload;
      await timed(Tasks.resyncOrder, () => resyncOrder(env, p.backendId, p.amazonOrderId));
    },
    [Tasks.redactPii]: async () => {
      await timed(Tasks.redactPii, async () => {
        // Disabled and deleted backends too: their stored buyer data is redacted on schedule all the same.
        for (const b of await env.core.backends.list({ includeDeleted: true })) {
          // Tax registrations stored in clear by earlier versions: sealed (or dropped) before the redaction runs.
          await sealLegacyTaxRegistrations(env.db.pool, env.core.keyring, b.id);
          const { piiRetentionDays } = privacySettings.of(b.settings);
          const n = await env.core.amazonOrders.redactOlderThan(b.id, piiRetentionDays);
          if (n) env.log.info('buyer data redacted', { backendId: b.id, orders: n, retentionDays: piiRetentionDays });
        }
      });
    },
    [Tasks.importOrders]: async (payload) => {
      await timed(Tasks.importOrders, async () => {
        const r = await importOrdersTask(env, payload as ImportJobPayload);
        if (r.imported.length || r.retry.length) env.log.info('import', { imported: r.imported.length, retry: r.retry.length, counts: r.counts });
      });
    },
  });
}

export interface StartedWorker {
  runner: Runner;
  stop(): Promise<void>;
}

/** Starts the worker with its heartbeat (see worker-heartbeat.ts); `stop()` ends both. */
export async function startWorker(env: TaskEnv, opts: WorkerOptions): Promise<StartedWorker> {
  const logger = new Logger(() => (level, message) => {
    if (level === 'error') env.log.error(message);
    else if (level === 'warning') env.log.warn(message);
  });
  const heartbeat = startHeartbeat(env.db.pool, { onReap: (ids) => env.log.warn('unlocked the jobs of dead workers', { workers: ids }) });
  // Listening before run() starts: its workers are created during start-up.
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked in the name of the pool (and of its workers for named queues): beat for both.
  events.on('pool:create', ({ workerPool }) => heartbeat.add(workerPool.id));
  events.on('worker:create', ({ worker }) => heartbeat.add(worker.workerId));
  const runner = await run({
    events,
    pgPool: env.db.pool,
    taskList: taskList(env),
    crontab,
    concurrency: opts.concurrency,
    pollInterval: opts.pollIntervalMs ?? 1_000,
    noHandleSignals: true,
    logger,
  });
  return {
    runner,
    async stop() {
      await runner.stop();
      await heartbeat.stop();
    },
  };
}
