/**
 * The background worker: graphile-worker on the connector's database, with the tasks, crontab and consumers of every
 * flow (sync/flows.ts). Any number of worker processes may run at once: jobs are taken with SKIP LOCKED, sweeps of one backend
 * run one at a time (a named queue), and exactly-once comes from bindings, locks and look-ups, not from the queue.
 *
 * Stopping (SIGTERM): graphile-worker stops taking jobs and, after `abortAfterMs`, fires each running job's
 * abortSignal; the tasks end their quota waits and page loops with INTERRUPTED, their jobs are handed back to be
 * retried, and the sync runs this process still has open are closed as interrupted.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Logger, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { flows } from '../sync/flows.ts';
import { startHeartbeat } from './worker-heartbeat.ts';
import { crontabOf, flowTaskList } from './flow-tasks.ts';
import { startConsumers } from './flow-consumers.ts';
import { setupTask } from './setup-task.ts';
import { DEFAULT_SETUP_RETRY, SETUP_TASK, type SetupRetryPolicy } from '../sync/frame/backend-setup.ts';

export interface WorkerOptions {
  concurrency: number;
  /** How often graphile-worker polls when LISTEN/NOTIFY is quiet. */
  pollIntervalMs?: number;
  /** How long running jobs may finish on their own after a stop before their abortSignal fires (default 1 s). */
  abortAfterMs?: number;
  /** The backoff of a failed backend set-up (default DEFAULT_SETUP_RETRY). */
  setupRetry?: SetupRetryPolicy;
}

/**
 * The task list of every flow, bound to `env` (see flow-tasks.ts). `owner` is the heartbeat id of the process (the
 * sync runs it opens are closed as interrupted if it dies).
 */
export function taskList(env: TaskEnv, opts: { owner?: string; setupRetry?: SetupRetryPolicy } = {}): TaskList {
  return { ...flowTaskList(env, flows, opts.owner), [SETUP_TASK]: setupTask(env, flows, opts.setupRetry ?? DEFAULT_SETUP_RETRY, opts.owner) };
}

export interface StartedWorker {
  runner: Runner;
  /** This process's heartbeat id (the `owner` of the sync runs it opens). */
  owner: string;
  stop(): Promise<void>;
}

/** Starts the worker with its heartbeat (see worker-heartbeat.ts); `stop()` ends both. */
export async function startWorker(env: TaskEnv, opts: WorkerOptions): Promise<StartedWorker> {
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
    taskList: taskList(env, { owner, ...(opts.setupRetry ? { setupRetry: opts.setupRetry } : {}) }),
    crontab: crontabOf(flows),
    concurrency: opts.concurrency,
    pollInterval: opts.pollIntervalMs ?? 1_000,
    gracefulShutdownAbortTimeout: opts.abortAfterMs ?? 1_000,
    noHandleSignals: true,
    logger,
  });
  const consumers = startConsumers(env, flows);
  return {
    runner,
    owner,
    async stop() {
      await consumers.stop();
      await runner.stop();
      // The tasks close their own runs when interrupted; this catches any left open (a task that never looked).
      const closed = await env.core.runs.interruptOwned([owner]).catch(() => 0);
      if (closed) env.log.info('closed the sync runs left open by this worker as interrupted', { runs: closed });
      await heartbeat.stop();
    },
  };
}
