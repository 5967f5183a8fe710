/**
 * Housekeeping: process-wide upkeep with no Amazon or ERP side, declared like a flow (a task and its crontab
 * line) so that the worker is assembled from the flow list like any other.
 */
import { Type } from 'typebox';
import { defineFlow } from '../frame/flow.ts';
import type { TaskEnv } from '../task-env.ts';
import { prune } from './prune.task.ts';

export { prune, PRUNE_CRONTAB, PRUNE_TASK } from './prune.task.ts';

/** The housekeeping flow: `housekeeping:prune` every hour. */
export const housekeepingFlow = defineFlow<TaskEnv, { signal?: AbortSignal }>({
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
