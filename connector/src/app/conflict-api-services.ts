/**
 * The API's conflict services (api/deps.ts `conflicts`): the list and its facets, one conflict with what was tried
 * and its history, and the single and bulk resolutions. A missing conflict answers null (404), not an error.
 */
import type { ApiDeps } from '../api/deps.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { flows } from '../sync/flows.ts';
import { conflictFacets, listConflictSummaries } from './conflict-queries.ts';
import { attemptsOf, historyOf } from './conflict-detail.ts';
import { resolveConflict } from './conflict-resolution.ts';
import { bulkResolveConflicts } from './bulk-conflicts.ts';
import { conflictView } from './views.ts';

/** A missing conflict answers 404 rather than an error. */
async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if ((e as { code?: string }).code === 'CONFLICT_NOT_FOUND') return null;
    throw e;
  }
}

export function conflictApiServices(env: TaskEnv): ApiDeps['conflicts'] {
  const { core, db } = env;
  // A conflict with what was tried and its resolution history.
  const detail = async (id: number) => {
    const c = await core.conflicts.get(id);
    const [attempts, history] = await Promise.all([attemptsOf(db.pool, c), historyOf(db.pool, c.id)]);
    return conflictView(c, flows, { attempts, history });
  };
  return {
    list: (q) => listConflictSummaries(db.pool, flows, q),
    facets: (q) => conflictFacets(db.pool, flows, q),
    get: (id) => orNull(() => detail(id)),
    resolve: (id, body, actor) =>
      orNull(async () => {
        const c = await resolveConflict(core, flows, env, id, body, actor);
        return detail(c.id);
      }),
    resolveMany: (body, actor) => {
      const { createdAfter, createdBefore, ...rest } = body;
      const dates = { ...(createdAfter ? { createdAfter: new Date(createdAfter) } : {}), ...(createdBefore ? { createdBefore: new Date(createdBefore) } : {}) };
      return bulkResolveConflicts(core, flows, { ...rest, ...dates }, actor, env);
    },
  };
}
