/**
 * Jobs of a disabled or deleted backend do nothing, and say so: the task list is wrapped so that any job whose
 * payload names a backend checks the backend's state first (one indexed read). A disabled backend's sweep is
 * therefore not rescheduled either; enabling it schedules one (see app/boot.ts).
 */
import type { Task, TaskList } from 'graphile-worker';
import type { TaskEnv } from '../sync/frame/task-env.ts';

/** `tasks`, each skipping payloads whose backend is not active. */
export function skipInactiveBackends(env: TaskEnv, tasks: TaskList): TaskList {
  const guarded: TaskList = {};
  for (const [name, task] of Object.entries(tasks)) {
    const run: Task = async (payload, helpers) => {
      const backendId = (payload as { backendId?: unknown } | null)?.backendId;
      if (typeof backendId === 'number') {
        const state = await env.core.backends.state(backendId);
        if (state !== 'active') {
          env.log.info('job skipped: backend not active', { task: name, backendId, state: state ?? 'missing' });
          return;
        }
      }
      return task!(payload, helpers);
    };
    guarded[name] = run;
  }
  return guarded;
}
