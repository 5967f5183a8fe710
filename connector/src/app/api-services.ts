/** The API's services over the database, the core and the per-backend runtimes (see api/deps.ts). */
import type { ApiDeps } from '../api/deps.ts';
import { enqueue } from '../jobs/enqueue.ts';
import { Tasks, type SweepPayload } from '../jobs/tasks.ts';
import { setupBackend } from '../sync/setup/setup-backend.ts';
import { requestResync } from '../sync/orders/resync-order.ts';
import { backendHealthOf, backendHealths } from './backend-health.ts';
import type { BackendHealthT } from '../api/schemas.ts';
import type { TaskEnv } from '../sync/task-env.ts';
import { backendSyncRow, getOrderView, listOrders } from './order-queries.ts';
import { backendSyncRows, emptySyncRow } from './backend-sync-rows.ts';
import { listConflictSummaries } from './conflict-queries.ts';
import { backendView, conflictView, runView } from './views.ts';
import { PermanentError } from '../core/errors.ts';
import { idCursor } from '../api/cursors.ts';

/** A missing conflict answers 404 rather than an error. */
async function orNull<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    if ((e as { code?: string }).code === 'CONFLICT_NOT_FOUND') return null;
    throw e;
  }
}


export function createApiServices(env: TaskEnv, version: string): ApiDeps {
  const { core, db } = env;
  const view = async (id: number, health?: BackendHealthT) => {
    const b = await core.backends.get(id);
    return backendView(b, await backendSyncRow(db.pool, id), health ?? (await backendHealths(core.health, [id])).get(id)!);
  };
  const exists = async (id: number) => (await core.backends.list()).some((b) => b.id === id);
  return {
    version,
    metrics: env.metrics,
    pingDatabase: async () => (await db.pool.query('select 1')).rowCount === 1,
    backends: {
      list: async () => {
        // Three statements whatever the number of backends (was one per backend, queued on a pool of four).
        const [all, sync, health] = await Promise.all([core.backends.list(), backendSyncRows(db.pool), core.health.list()]);
        return all.map((b) => backendView(b, sync.get(b.id) ?? emptySyncRow(), backendHealthOf(health.filter((h) => h.backendId === b.id))));
      },
      get: async (id) => ((await exists(id)) ? view(id) : null),
      create: async (body) => {
        const b = await core.backends.create({
          name: body.name,
          amazonRegion: body.amazon.region,
          sellerId: body.amazon.sellerId,
          marketplaceIds: body.amazon.marketplaceIds,
          erpUrl: body.erp.url,
          erpDb: body.erp.database,
          settings: body.settings ?? {},
          credentials: {
            amazon: { lwaClientId: body.amazon.lwaClientId, lwaClientSecret: body.amazon.lwaClientSecret, refreshToken: body.amazon.refreshToken },
            erp: { apiKey: body.erp.apiKey ?? null, login: body.erp.login ?? null, password: body.erp.password ?? null },
          },
        });
        return view(b.id);
      },
      updateSettings: async (id, patch) => {
        if (!(await exists(id))) return null;
        const current = await core.backends.get(id);
        await core.backends.update(id, { settings: { ...current.settings, ...patch } });
        await env.runtimes.invalidate(id);
        return view(id);
      },
      runSetup: async (id) => {
        if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        const rt = await env.runtimes.get(id);
        return setupBackend(core, rt.erp, rt.backend);
      },
      requestSweep: async (id) => {
        if (!(await exists(id))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        await enqueue(db.pool, Tasks.sweepOrders, { backendId: id } satisfies SweepPayload, { jobKey: `sweep:${id}`, queueName: `sweep:${id}`, maxAttempts: 5 });
        return { queued: true };
      },
    },
    orders: {
      list: async (backendId, q) => {
        const page = await listOrders(db.pool, backendId, q);
        // An empty page of a backend that does not exist is a 404, not an empty list.
        if (!page.items.length && !(await exists(backendId))) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${backendId} does not exist`);
        return page;
      },
      get: (backendId, id) => getOrderView(db.pool, backendId, id),
      resync: async (backendId, id) => {
        if (!(await exists(backendId))) return null;
        return { queued: true, ...(await requestResync(env, backendId, id, 'api')) };
      },
    },
    conflicts: {
      list: (q) => listConflictSummaries(db.pool, q),
      get: (id) => orNull(async () => conflictView(await core.conflicts.get(id))),
      resolve: (id, body) =>
        orNull(async () => {
          const resolution = { action: body.action, by: 'api', ...(body.note ? { note: body.note } : {}) };
          const c = body.action === 'retry' ? await core.conflicts.resolve(id, resolution) : await core.conflicts.dismiss(id, resolution);
          return conflictView(c);
        }),
    },
    runs: {
      list: async (q) => {
        const rows = await core.runs.list({
          ...(q.backendId !== undefined ? { backendId: q.backendId } : {}),
          ...(q.correlationId !== undefined ? { correlationId: q.correlationId } : {}),
          ...(q.cursor !== undefined ? { beforeId: idCursor.decode(q.cursor)! } : {}),
          limit: q.limit + 1,
        });
        const page = rows.slice(0, q.limit);
        return { items: page.map((r) => runView(r)), nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
      },
      get: async (id) => {
        const run = await core.runs.get(id);
        return run ? runView(run, await core.runs.steps(id)) : null;
      },
    },
  };
}
