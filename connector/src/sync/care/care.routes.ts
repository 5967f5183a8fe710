/** GET /api/backends/:id/care/activities: the buyer events that need a person and their ERP activities, for the panel. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { BackendIdParams, notFound } from '../../api/routes/common.ts';
import { PermanentError } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { listCare, type CareRow } from './care-store.ts';
import { CareActivityList, reasonUnion, stateUnion, type CareActivityItemT } from './care.schemas.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const view = (r: CareRow): CareActivityItemT => ({
  amazonOrderId: r.amazonOrderId, reason: r.reason, state: r.state, code: r.code, detail: r.detail, erpOrderId: r.erpOrderId,
  erpActivityId: r.erpActivityId, erpUserId: r.erpUserId, dueAt: iso(r.dueAt), doneAt: iso(r.doneAt), createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
});

export function careRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/care/activities',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['care'],
          summary: 'Buyer events that need a person (cancel and return requests, A-to-z claims, chargebacks, late shipments) and their ERP activities',
          description: 'One row per (order, reason): pending until its activity exists in the ERP (`code` says why it waits), open while the activity waits there, done once marked done in the ERP. Newest first.',
          params: BackendIdParams,
          querystring: Type.Object({
            state: Type.Optional(stateUnion()),
            reason: Type.Optional(reasonUnion()),
            amazonOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          }),
          response: { 200: ref(CareActivityList), ...notFound },
        },
      },
      async (req) => {
        const id = req.params.id;
        const state = await env.core.backends.state(id);
        if (state !== 'active' && state !== 'disabled') throw new PermanentError('BACKEND_NOT_FOUND', `backend ${id} does not exist`);
        const q = req.query;
        const list = await listCare(env.db.pool, id, { ...(q.state ? { state: q.state } : {}), ...(q.reason ? { reason: q.reason } : {}),
          ...(q.amazonOrderId ? { amazonOrderId: q.amazonOrderId } : {}), limit: q.limit ?? 200 });
        return { backendId: id, counts: list.counts, items: list.rows.map(view) };
      },
    );
  };
}
