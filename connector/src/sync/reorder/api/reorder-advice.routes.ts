/**
 * GET /api/backends/:id/reorder-advice: the advice per SKU with the inputs behind it, read-only; POST
 * .../reorder-advice/push: queue the push of its reordering rules to the ERP now.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { BackendIdParams, conflict, notFound } from '../../../api/routes/common.ts';
import { PermanentError } from '../../../core/errors.ts';
import { schedulePush } from '../push/push.task.ts';
import { reorderSettings } from '../reorder.settings.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { adviceOfBackend } from '../reorder-advice.service.ts';
import { stockInputs } from '../stock/stock-inputs.ts';
import { ReorderAdviceList } from './reorder-advice.schemas.ts';

/** The flow's admin routes (`FlowDefinition.apiRoutes`). */
export function reorderApiRoutes(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/reorder-advice',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['reorder'],
          summary: "Reorder advice per SKU from the backend's stored orders: demand per marketplace (velocity, seasonality), reordering min/max, and with the stock (ERP warehouses, FBA pools) days of cover and the quantity to order, with their inputs (404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({
            sku: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
            weeks: Type.Optional(Type.Integer({ minimum: 4, maximum: 260, default: 104, description: 'complete weeks of history to read (4-260)' })),
            stock: Type.Optional(Type.Boolean({ default: true, description: 'read the stock (ERP warehouses now, FBA pools as last snapshot) for cover and quantity; false: no ERP call, stock null' })),
          }),
          response: { 200: ref(ReorderAdviceList), ...notFound },
        },
      },
      async (req) => {
        // BACKEND_NOT_FOUND (404) for an unknown or deleted backend
        const backend = await env.core.backends.get(req.params.id);
        const stock = req.query.stock === false ? {} : { stock: async (skus: string[]) => stockInputs({
          db: env.db.pool, binder: env.core.binder, erp: (await env.runtimes.get(backend.id)).erp, backendId: backend.id, marketplaceIds: backend.marketplaceIds, settings: backend.settings,
        }, skus) };
        return adviceOfBackend(env.db.pool, backend.id, backend.settings, { weeks: req.query.weeks ?? 104, ...(req.query.sku ? { sku: req.query.sku } : {}), ...stock });
      },
    );
    app.post(
      '/backends/:id/reorder-advice/push',
      {
        config: { access: 'write' as const },
        schema: {
          tags: ['reorder'],
          summary: 'Queues the push of the reordering rules (stock.warehouse.orderpoint min/max) to the ERP now, one pending per backend; 409 REORDER_PUSH_OFF unless reorder.enabled and reorder.pushOrderpoints',
          params: BackendIdParams,
          response: { 202: Type.Object({ queued: Type.Literal(true) }), ...notFound, ...conflict },
        },
      },
      async (req, reply) => {
        const backend = await env.core.backends.get(req.params.id);
        const r = reorderSettings.of(backend.settings);
        if (!(r.enabled && r.pushOrderpoints)) throw new PermanentError('REORDER_PUSH_OFF', `backend ${backend.id}: reorder.enabled and reorder.pushOrderpoints must both be on`, { backendId: backend.id });
        await schedulePush(env.db.pool, backend.id);
        return reply.code(202).send({ queued: true as const });
      },
    );
  };
}
