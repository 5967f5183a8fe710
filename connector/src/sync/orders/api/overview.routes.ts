/** GET /api/backends/:id/overview: the panel's Overview numbers for one backend (see overview-queries.ts). */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ref } from '../../../api/components.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { backendOverview } from './overview-queries.ts';
import { Overview } from './overview.schemas.ts';

export function overviewRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/overview',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['orders'],
          summary: "A backend at a glance: each flow's last run and failures, imports today, open conflicts by code, SP-API quota left, 24 h hourly series",
          description: 'The counts (runs24h, failedRuns24h, openConflicts, importsPerHour, conflictsPerHour, ordersImportedToday) may be up to 5 s old (reused per backend for 5 s: the panel refreshes every 15 s per open tab); the last runs and the quota are read live.',
          params: BackendIdParams,
          response: { 200: ref(Overview), ...notFound },
        },
      },
      async (req) => {
        const id = req.params.id;
        // The two columns the quota needs, in one plain statement (the full backend record costs an ORM read and the
        // settings' parse; the panel asks every 15 s per open tab). Deleted or unknown: 404.
        const { rows } = await env.db.pool.query<{ region: string; seller_id: string }>(
          'select amazon_region as region, seller_id from backend where id = $1 and deleted_at is null',
          [id],
        );
        if (!rows[0]) throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        return backendOverview(env.db.pool, { id, region: rows[0].region, sellerId: rows[0].seller_id });
      },
    );
  };
}
