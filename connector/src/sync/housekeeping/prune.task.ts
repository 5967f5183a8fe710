/**
 * `housekeeping:prune`, hourly: deletes what grows without end (fetched documents whose record is done, finished
 * sync runs and their step logs, closed conflicts, old audit entries, permanently failed jobs) under each
 * backend's `retention` settings. Bounded batches: a big backlog is worked off over several runs.
 */
import { pruneAll, type PruneCounts } from '../../core/retention/index.ts';
import type { JobContext, TaskEnv } from '../task-env.ts';

/** The task's name in the queue and the crontab. */
export const PRUNE_TASK = 'housekeeping:prune';

/** Minute 43 of every hour: away from the sweep-all (every minute, light) and the PII redaction (minute 17). */
export const PRUNE_CRONTAB = `43 * * * * ${PRUNE_TASK} ?max=1`;

/** Prunes every backend (deleted ones too) and logs what went, when something did. */
export async function prune(env: Pick<TaskEnv, 'db' | 'core' | 'log'>, job: Pick<JobContext, 'signal'> = {}): Promise<PruneCounts> {
  const backends = await env.core.backends.list({ includeDeleted: true });
  const counts = await pruneAll(env.db.pool, backends, job.signal ? { signal: job.signal } : {});
  if (Object.values(counts).some((n) => n > 0)) env.log.info('pruned', { ...counts });
  return counts;
}
