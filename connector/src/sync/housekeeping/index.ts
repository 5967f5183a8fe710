/**
 * Housekeeping: process-wide upkeep with no Amazon or ERP side, declared like a flow (a task and its crontab
 * line) so that the worker can assemble it from the flow list like any other. Until that list exists the worker
 * registers the same task by hand (jobs/worker.ts, `Tasks.prune`): keep one of the two when the registry lands.
 */
import { Type } from 'typebox';
import { defineFlow } from '../frame/flow.ts';
import { prune, type PruneEnv } from './prune.task.ts';

export { prune, type PruneEnv } from './prune.task.ts';

/** The housekeeping flow: `housekeeping:prune` at minute 43 of every hour. */
export const housekeepingFlow = defineFlow<PruneEnv, { signal?: AbortSignal }>({
  name: 'housekeeping',
  description: 'Retention: prunes finished documents, runs, conflicts, audit entries and failed jobs',
  tasks: [
    {
      name: 'prune',
      payload: Type.Object({}),
      perBackend: false,
      run: async (job) => void (await prune(job.env, job)),
    },
  ],
  crontab: [{ pattern: '43 * * * *', task: 'prune', options: '?max=1' }],
});
