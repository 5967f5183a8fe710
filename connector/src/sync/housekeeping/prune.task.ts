/**
 * `housekeeping:prune`, hourly: deletes what grows without end (fetched documents whose record is done, finished
 * sync runs and their step logs, closed conflicts, old audit entries, permanently failed jobs) under each
 * backend's `retention` settings (core/retention). Bounded batches: a big backlog is worked off over several runs.
 */
import { pruneEveryBackend, type PruneCounts } from '../../core/retention/index.ts';
import type { CoreServices } from '../../core/services.ts';

/** What the task needs: the backends, the pool, a log line. */
export interface PruneEnv {
  core: Pick<CoreServices, 'backends' | 'pool' | 'retainedDocuments' | 'retainedRows'>;
  log: { info(msg: string, fields?: Record<string, unknown>): void };
}

/** Prunes every backend and logs what went, when something did. */
export async function prune(env: PruneEnv, job: { signal?: AbortSignal } = {}): Promise<PruneCounts> {
  const counts = await pruneEveryBackend(env.core, job.signal ? { signal: job.signal } : {});
  if (Object.values(counts).some((n) => n > 0)) env.log.info('pruned', { ...counts });
  return counts;
}
