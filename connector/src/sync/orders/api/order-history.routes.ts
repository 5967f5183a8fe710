/** GET /api/backends/:id/orders/:orderId/history: the runs that touched one order and its open conflicts. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendId } from '../../../api/schemas.ts';
import { notFound } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { OrderHistory, orderHistory } from './order-history.ts';

const Params = Type.Object({ id: BackendId, orderId: Type.String({ minLength: 3, maxLength: 40, pattern: '^[A-Za-z0-9-]+$' }) });

export function orderHistoryRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/orders/:orderId/history',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['orders'],
          summary: "One order's sync runs of the last 14 days (its outcome and error code in each) and its open conflicts",
          params: Params,
          response: { 200: ref(OrderHistory), ...notFound },
        },
      },
      async (req) => {
        const state = await env.core.backends.state(req.params.id);
        if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${req.params.id} does not exist`);
        return orderHistory(env.db.pool, req.params.id, req.params.orderId);
      },
    );
  };
}
