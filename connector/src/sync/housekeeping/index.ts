/**
 * Housekeeping: process-wide upkeep with no Amazon or ERP side, declared like a flow (a task and its crontab
 * line) so that the worker assembles it from the flow list like any other. Its task is not per backend: it has no
 * go-live controls (it touches no seller's records, only what the retention settings say has expired).
 */
import { Type } from 'typebox';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { prune } from './prune.task.ts';

export { prune, type PruneEnv } from './prune.task.ts';

/** The housekeeping flow: `housekeeping:prune` at minute 43 of every hour. */
export const housekeepingFlow = defineFlow({
  name: 'housekeeping',
  description: 'Retention: prunes finished documents, runs, conflicts, audit entries and failed jobs',
  tasks: [
    defineTask({
      name: 'prune',
      payload: Type.Object({ correlationId: Type.Optional(Type.String()) }),
      perBackend: false,
      run: async (job) => void (await prune(job.env, job)),
    }),
  ],
  crontab: [{ pattern: '43 * * * *', task: 'prune', options: '?max=1' }],
  demo: { describe: 'housekeeping: prunes what the retention settings say has expired, every hour' },
});
