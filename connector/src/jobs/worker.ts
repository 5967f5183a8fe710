/**
 * The background worker: graphile-worker on the connector's database, with the sync tasks and the crontab safety
 * net. Any number of worker processes may run at once: jobs are taken with SKIP LOCKED, sweeps of one backend
 * run one at a time (a named queue), and exactly-once comes from bindings, locks and look-ups, not from the queue.
 *
 * Stopping (SIGTERM): graphile-worker stops taking jobs and, after `abortAfterMs`, fires each running job's
 * abortSignal; the tasks end their quota waits and page loops with INTERRUPTED, their jobs are handed back to be
 * retried, and the sync runs this process still has open are closed as interrupted.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { sweepOrders, scheduleNextSweep } from '../sync/orders/sweep-orders.task.ts';
import { importOrdersTask, type ImportJobPayload } from '../sync/orders/import-orders.task.ts';
import type { TaskEnv } from '../sync/task-env.ts';
import type { OrdersServices } from '../sync/orders/orders-env.ts';
import { startHeartbeat } from './worker-heartbeat.ts';
import { skipInactiveBackends } from './backend-guard.ts';
import { ordersSettings } from '../sync/orders/orders.settings.ts';
import { privacySettings } from '../core/backend/index.ts';
import { resyncOrder } from '../sync/orders/resync-order.task.ts';
import { isInterrupted } from '../core/abort.ts';
import { runJob } from './job-context.ts';
import { reportFlowHealth } from './flow-health-report.ts';
import { Tasks, crontab, type ResyncPayload, type SweepPayload } from './tasks.ts';
import { sealLegacyTaxRegistrations } from '../db/legacy-pii.ts';

export interface WorkerOptions {
  concurrency: number;
  /** How often graphile-worker polls when LISTEN/NOTIFY is quiet. */
  pollIntervalMs?: number;
  /** How long running jobs may finish on their own after a stop before their abortSignal fires (default 1 s). */
  abortAfterMs?: number;
}

/**
 * The task list, bound to `env`; payloads are validated by shape (ids only). `owner` is the heartbeat id of the
 * process (the sync runs it opens are closed as interrupted if it dies).
 */
export function taskList(env: TaskEnv & OrdersServices, opts: { owner?: string } = {}): TaskList {
  const { owner } = opts;
  const sweepInterval = (settings: Parameters<typeof ordersSettings.of>[0]) => ordersSettings.of(settings).sweepIntervalSeconds;
  return skipInactiveBackends(env, {
    [Tasks.sweepOrders]: async (payload, helpers) => {
      const p = payload as SweepPayload;
      await runJob(env, owner, Tasks.sweepOrders, payload, helpers, async (job) => {
        // Read from the record, not the runtime: the pace is known even when the ERP refuses to connect.
        const interval = sweepInterval((await env.core.backends.get(p.backendId)).settings);
        let next = interval;
        try {
          const r = await sweepOrders(job.env, p, undefined, job);
          // A backlog is swept slice after slice; once caught up, at the backend's pace.
          if (!r.caughtUp) next = 0;
          if (r.fetched) job.env.log.info('sweep', { backendId: p.backendId, fetched: r.fetched, changed: r.changed, malformed: r.malformed });
          if (!p.window) await reportFlowHealth(job.env, p.backendId, 'orders.sweep', interval, null);
        } catch (e) {
          // Interrupted: this job is retried by whichever worker is alive. A backfill window: its caller decides.
          if (p.window || isInterrupted(e)) throw e;
          // Any other failure is the flow's state (logged once per change, shown in the backend's health): the
          // next sweep comes at the usual pace and retries the same window, instead of a retry storm that logs
          // the same ERP_AUTH_FAILED every minute.
          await reportFlowHealth(job.env, p.backendId, 'orders.sweep', interval, e);
        }
        if (!p.window) await scheduleNextSweep(env, p.backendId, next);
      });
    },
    [Tasks.sweepAll]: async (payload, helpers) => {
      await runJob(env, owner, Tasks.sweepAll, payload, helpers, async () => {
        for (const b of await env.core.backends.list()) {
          if (!b.enabled) continue;
          // The sweep is due at this pace from now on: if it never gets through, its stall is caught.
          await env.core.health.expect(b.id, 'orders.sweep', sweepInterval(b.settings));
          await scheduleNextSweep(env, b.id, 0);
        }
      });
    },
    [Tasks.resyncOrder]: async (payload, helpers) => {
      const p = payload as ResyncPayload;
      await runJob(env, owner, Tasks.resyncOrder, payload, helpers, async (job) => {
        try {
          // A payload without a run (enqueued before runs were requested) gets one here.
          await resyncOrder({ ...job.env, referenceCache: env.referenceCache }, { ...p, correlationId: job.correlationId }, { ...job, trigger: 'job' });
        } catch (e) {
          // A permanent failure (the order is unknown to Amazon...) is closed in its run: retrying cannot help.
          if ((e as { kind?: string }).kind === 'retryable') throw e;
          job.env.log.warn('resync failed', { backendId: p.backendId, code: (e as { code?: string }).code ?? 'INTERNAL' });
        }
      });
    },
    [Tasks.redactPii]: async (payload, helpers) => {
      await runJob(env, owner, Tasks.redactPii, payload, helpers, async (job) => {
        // Disabled and deleted backends too: their stored buyer data is redacted on schedule all the same.
        for (const b of await env.core.backends.list({ includeDeleted: true })) {
          // Tax registrations stored in clear by earlier versions: sealed (or dropped) before the redaction runs.
          await sealLegacyTaxRegistrations(env.db.pool, env.core.keyring, b.id);
          const { piiRetentionDays } = privacySettings.of(b.settings);
          const n = await env.core.documents.redactOlderThan(b.id, piiRetentionDays);
          if (n) job.env.log.info('buyer data redacted', { backendId: b.id, orders: n, retentionDays: piiRetentionDays });
        }
      });
    },
    [Tasks.importOrders]: async (payload, helpers) => {
      await runJob(env, owner, Tasks.importOrders, payload, helpers, async (job) => {
        const r = await importOrdersTask({ ...job.env, referenceCache: env.referenceCache }, payload as ImportJobPayload, job);
        if (r.imported.length || r.retry.length) job.env.log.info('import', { imported: r.imported.length, retry: r.retry.length, counts: r.counts });
      });
    },
  });
}

export interface StartedWorker {
  runner: Runner;
  /** This process's heartbeat id (the `owner` of the sync runs it opens). */
  owner: string;
  stop(): Promise<void>;
}

/** Starts the worker with its heartbeat (see worker-heartbeat.ts); `stop()` ends both. */
export async function startWorker(env: TaskEnv & OrdersServices, opts: WorkerOptions): Promise<StartedWorker> {
  const logger = new Logger(() => (level, message, meta) => {
    // A job interrupted by this worker's own stop is retried, not failed: not worth an error line.
    const interrupted = (meta as { error?: { code?: string } } | undefined)?.error?.code === 'INTERRUPTED';
    if (level === 'error' && !interrupted) env.log.error(message);
    else if (level === 'warning') env.log.warn(message);
    else if (interrupted) env.log.info(message.split('\n')[0]!);
  });
  const owner = `process:${randomUUID()}`;
  const heartbeat = startHeartbeat(env.db.pool, {
    onReap: async (ids) => {
      // A dead process's runs would stay `running` for ever: close them (its jobs are unlocked and retried).
      const runs = await env.core.runs.interruptOwned(ids);
      env.log.warn('unlocked the jobs of dead workers', { workers: ids, interruptedRuns: runs });
    },
  });
  heartbeat.add(owner);
  // Listening before run() starts: its workers are created during start-up.
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked in the name of the pool (and of its workers for named queues): beat for both.
  events.on('pool:create', ({ workerPool }) => heartbeat.add(workerPool.id));
  events.on('worker:create', ({ worker }) => heartbeat.add(worker.workerId));
  const runner = await run({
    events,
    pgPool: env.db.pool,
    taskList: taskList(env, { owner }),
    crontab,
    concurrency: opts.concurrency,
    pollInterval: opts.pollIntervalMs ?? 1_000,
    gracefulShutdownAbortTimeout: opts.abortAfterMs ?? 1_000,
    noHandleSignals: true,
    logger,
  });
  return {
    runner,
    owner,
    async stop() {
      await runner.stop();
      // The tasks close their own runs when interrupted; this catches any left open (a task that never looked).
      const closed = await env.core.runs.interruptOwned([owner]).catch(() => 0);
      if (closed) env.log.info('closed the sync runs left open by this worker as interrupted', { runs: closed });
      await heartbeat.stop();
    },
  };
}
