/** /api/sync-runs: what each sweep and import did, with the step log of one run. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps } from '../deps.ts';
import { SyncRunPage, ref } from '../components.ts';
import { BackendId } from '../schemas.ts';
import { SyncRunView } from '../sync-run.schemas.ts';
import { IdParams, PageQuery, missing, notFound } from './common.ts';

export function runRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['sync runs'];
    const read = { access: 'read' as const };
    app.get(
      '/sync-runs',
      {
        config: read,
        schema: {
          tags,
          summary: 'Sync runs, newest first',
          querystring: Type.Object({
            backendId: Type.Optional(BackendId),
            correlationId: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9:_-]+$' })),
            ...PageQuery,
          }),
          response: { 200: ref(SyncRunPage) },
        },
      },
      (req) => deps.runs.list({ backendId: req.query.backendId, correlationId: req.query.correlationId, limit: req.query.limit ?? 50, cursor: req.query.cursor }),
    );
    app.get(
      '/sync-runs/:id',
      {
        config: read,
        schema: { tags, summary: 'One run with its step log (a requested resync: follow it here until it leaves queued and running)', params: IdParams, response: { 200: ref(SyncRunView), ...notFound } },
      },
      async (req, reply) => {
        const r = await deps.runs.get(req.params.id);
        return r ? r : reply.status(404).send(missing('sync run', req.params.id));
      },
    );
  };
}
