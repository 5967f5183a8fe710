/** /api/backends/:id/orders: each Amazon order the sweep saw, where it stands and its ERP sales order. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendId } from '../../../api/schemas.ts';
import { BackendIdParams, PageQuery, missing, notFound } from '../../../api/routes/common.ts';
import type { OrdersApiService } from './orders.service.ts';
import { OrderPage, OrderSyncState, OrderView } from './orders.schemas.ts';

const ResyncAccepted = Type.Object({
  queued: Type.Boolean(),
  runId: Type.Integer({ minimum: 1 }),
  correlationId: Type.String(),
  status: Type.Literal('queued'),
  run: Type.String({ description: 'the run to follow (also in the Location header)' }),
});

/** Amazon order ids are printable ASCII (`123-1234567-1234567`); anything else cannot name one. */
const OrderParams = Type.Object({ id: BackendId, orderId: Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }) });

/** The order flow's admin routes over `orders` (mounted under /api by the server, like every flow's). */
export function orderRoutes(orders: OrdersApiService): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['orders'];
    const config = { access: 'admin' as const };
    app.get(
      '/backends/:id/orders',
      {
        config,
        schema: {
          tags,
          summary: 'Orders of a backend, newest change first (404 when the backend does not exist)',
          params: BackendIdParams,
          querystring: Type.Object({
            state: Type.Optional(OrderSyncState),
            q: Type.Optional(Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9-]+$', description: 'an Amazon order id (the whole id, e.g. 305-1234567-1234567)' })),
            ...PageQuery,
          }),
          response: { 200: ref(OrderPage), ...notFound },
        },
      },
      (req) => orders.list(req.params.id, { state: req.query.state, q: req.query.q, limit: req.query.limit ?? 50, cursor: req.query.cursor }),
    );
    app.get(
      '/backends/:id/orders/:orderId',
      { config, schema: { tags, summary: 'One order: binding, status, totals, withheld tax', params: OrderParams, response: { 200: ref(OrderView), ...notFound } } },
      async (req, reply) => {
        const o = await orders.get(req.params.id, req.params.orderId);
        return o ? o : reply.status(404).send(missing('order', req.params.orderId));
      },
    );
    app.post(
      '/backends/:id/orders/:orderId/resync',
      {
        config,
        schema: {
          tags,
          summary: 'Fetch the order again and re-run its import, as a job: answers at once with the run to follow',
          description:
            'Records the request as a sync run (flow `orders.resync`, status `queued`) and enqueues its job. Follow `run` ' +
            '(GET /api/sync-runs/:id): queued -> running -> succeeded (outcome: the ERP order), conflict (errorCode: the ' +
            'conflict code) or failed (errorCode: e.g. AMAZON_NOT_FOUND). 404 BACKEND_NOT_FOUND when the backend does not exist.',
          params: OrderParams,
          response: { 202: ResyncAccepted, ...notFound },
        },
      },
      async (req, reply) => {
        const r = await orders.resync(req.params.id, req.params.orderId);
        if (!r) return reply.status(404).send({ code: 'BACKEND_NOT_FOUND', message: `backend ${req.params.id} does not exist` });
        const run = `/api/sync-runs/${r.runId}`;
        return reply.status(202).header('location', run).send({ ...r, status: 'queued' as const, run });
      },
    );
  };
}
