/**
 * What every task runs inside: its JobContext (the worker's abortSignal, the correlation id from the payload or
 * a new one, the process's heartbeat id), a child logger carrying that id (also reachable by shared code through
 * the job scope), the duration metric, and one warning per failure (an info line when the job was only
 * interrupted by a stopping worker).
 */
import { randomUUID } from 'node:crypto';
import type { JobHelpers } from 'graphile-worker';
import { isInterrupted } from '../core/abort.ts';
import { inJobScope } from '../observability/job-scope.ts';
import type { RunningJob, TaskEnv } from '../sync/frame/task-env.ts';

export type { RunningJob };
import { jobError } from '../core/log-safe-error.ts';


/** Runs `fn` as task `task` for `payload` (see above). Helpers are absent when a test calls the task directly. */
export async function runJob<T>(
  env: TaskEnv,
  owner: string | undefined,
  task: string,
  payload: unknown,
  helpers: JobHelpers | undefined,
  fn: (job: RunningJob) => Promise<T>,
): Promise<T> {
  const given = (payload as { correlationId?: unknown } | null)?.correlationId;
  const correlationId = typeof given === 'string' && given ? given : randomUUID();
  const log = env.log.child({ correlationId, task, ...(helpers?.job ? { jobId: helpers.job.id } : {}) });
  const job: RunningJob = {
    env: { ...env, log },
    correlationId,
    lastAttempt: helpers?.job ? helpers.job.attempts >= helpers.job.max_attempts : false,
    ...(helpers?.abortSignal ? { signal: helpers.abortSignal } : {}),
    ...(owner ? { owner } : {}),
  };
  const end = env.metrics.jobSeconds.startTimer({ task });
  try {
    const r = await inJobScope({ correlationId, log }, () => fn(job));
    end({ outcome: 'ok' });
    return r;
  } catch (e) {
    const interrupted = isInterrupted(e);
    end({ outcome: interrupted ? 'interrupted' : 'error' });
    const safe = jobError(e);
    if (interrupted) log.info('job interrupted: it is retried later', { code: 'INTERRUPTED' });
    else log.warn('job failed', { code: (safe as { code?: string }).code, error: safe.message });
    throw safe;
  }
}
