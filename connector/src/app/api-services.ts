/** The API's services over the database, the core and the per-backend runtimes, and the flows' parts (see api/deps.ts). */
import type { ApiDeps } from '../api/deps.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { apiFlows, apiSettings } from './api-parts.ts';
import { auditEntryView, runView } from './views.ts';
import { idCursor } from '../api/cursors.ts';
import { createMappingService } from './mapping-service.ts';
import { connectionServices, type ConnectionServiceOptions } from './connection-services.ts';
import { backendApiServices } from './backend-api-services.ts';
import { conflictApiServices } from './conflict-api-services.ts';
import { panelAuthServices } from './panel-auth-services.ts';

export function createApiServices(env: TaskEnv, version: string, options: ConnectionServiceOptions = {}): ApiDeps {
  const { core, db } = env;
  const deps: Omit<ApiDeps, 'connections'> = {
    version,
    metrics: env.metrics,
    settings: apiSettings,
    flows: apiFlows(env),
    pingDatabase: async () => (await db.pool.query('select 1')).rowCount === 1,
    mappings: createMappingService(env),
    authRefusals: async () => (await core.authRefusals.list()).map((r) => ({ backendId: r.backendId, code: r.code, since: r.since.toISOString() })),
    ...backendApiServices(env),
    panelAuth: panelAuthServices(env),
    auditLog: {
      list: async (q) => {
        const rows = await core.audit.list({
          ...(q.backendId !== undefined ? { backendId: q.backendId } : {}),
          ...(q.cursor !== undefined ? { beforeId: idCursor.decode(q.cursor)! } : {}),
          limit: q.limit + 1,
        });
        const page = rows.slice(0, q.limit);
        return { items: page.map(auditEntryView), nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null };
      },
    },
    conflicts: conflictApiServices(env),
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
  return { ...deps, connections: connectionServices(env, options, deps.backends.replaceAmazonCredentials) };
}
