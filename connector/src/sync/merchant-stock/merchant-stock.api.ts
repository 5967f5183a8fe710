/**
 * The flow's admin routes: GET /api/backends/{id}/merchant-stock/offers lists per SKU what was computed, sent and
 * read back (the panel's Stock screen); POST /api/backends/{id}/merchant-stock/resync queues a full recompute whose every SKU
 * gets a new version, so each quantity is sent to Amazon again (by feed, or by patch for a small catalogue). 202:
 * the work is the worker's; for a backend with the flow off the job does nothing (the answer says so).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../api/access.ts';
import { ref } from '../../api/components.ts';
import { BackendIdParams, PageQuery, notFound } from '../../api/routes/common.ts';
import { goLiveOfFlow } from '../frame/flow.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { merchantStockGoLive, scheduleRecompute } from './merchant-stock.tasks.ts';
import { MerchantStockOfferPage, OfferStateSchema } from './merchant-stock.schemas.ts';
import { listOffers } from './store/offer-list.ts';

const ResyncQueued = Type.Object({
  queued: Type.Literal(true),
  flowEnabled: Type.Boolean({ description: 'false: the flow is switched off for the backend (goLive), so the queued resync does nothing until it is on' }),
});

export function merchantStockApiRoutes(env: Pick<TaskEnv, 'core' | 'db'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/merchant-stock/offers',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['merchant-stock'],
          summary: 'Per SKU the merchant quantity computed (with its inputs: ERP free quantity, unreserved Amazon units, buffer), last sent and last read back from Amazon, by SKU',
          params: BackendIdParams,
          querystring: Type.Object({
            q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'part of the SKU (case-insensitive)' })),
            state: Type.Optional(OfferStateSchema),
            ...PageQuery,
          }),
          response: { 200: ref(MerchantStockOfferPage), ...notFound },
        },
      },
      async (req) => {
        const backend = await env.core.backends.get(req.params.id);
        return listOffers(env.db.pool, backend.id, { q: req.query.q, state: req.query.state, cursor: req.query.cursor, limit: req.query.limit ?? 50 });
      },
    );
    app.post(
      '/backends/:id/merchant-stock/resync',
      {
        config: { access: 'write' as const },
        schema: {
          tags: ['merchant-stock'],
          summary: "Send every merchant-fulfilled SKU's quantity to Amazon again (a full recompute, queued)",
          params: BackendIdParams,
          response: { 202: ResyncQueued, ...notFound },
        },
      },
      async (req, reply) => {
        const backend = await env.core.backends.get(req.params.id);
        await scheduleRecompute(env.db.pool, { backendId: backend.id, force: true });
        req.log.info({ backendId: backend.id, by: actorOf(req) }, 'merchant stock resync queued');
        return reply.code(202).send({ queued: true as const, flowEnabled: goLiveOfFlow(merchantStockGoLive, backend.settings).enabled });
      },
    );
  };
}
