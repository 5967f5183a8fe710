/**
 * GET /api/backends/:id/review-requests (read role): the orders the flow considered, newest change first, with
 * where each stands (waiting for Amazon to offer it, sent, skipped as refunded or returned, expired, refused), the
 * delivery date it was counted from and when it was sent; `counts` by state whatever the filter.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../api/components.ts';
import { IsoTime, Nullable } from '../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../api/routes/common.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { countRows, listRows } from './request-rows.ts';
import { backendMustExist } from '../../core/backend/must-exist.ts';

const State = Type.Union([Type.Literal('waiting'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('skipped'), Type.Literal('expired'), Type.Literal('refused')]);

export const ReviewRequestView = Type.Object(
  {
    amazonOrderId: Type.String(),
    marketplaceId: Type.String(),
    state: State,
    code: Nullable(Type.String({ description: 'why it was skipped or refused (REVIEW_REFUNDED_OR_RETURNED, REVIEW_REFUSED, REVIEW_WINDOW_PASSED), SETTLED_BY_READBACK, DRY_RUN' })),
    deliveredAt: IsoTime,
    windowEndsAt: IsoTime,
    checks: Type.Integer({ description: 'times Amazon was asked which actions it offers' }),
    checkedAt: Nullable(IsoTime),
    sentAt: Nullable(IsoTime),
    updatedAt: IsoTime,
  },
  { $id: 'ReviewRequestView' },
);

export const ReviewRequestList = Type.Object(
  { counts: Type.Record(Type.String(), Type.Integer()), items: Type.Array(ref(ReviewRequestView)) },
  { $id: 'ReviewRequestList' },
);

export const reviewRequestsApiSchemas = [ReviewRequestView, ReviewRequestList];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function reviewRequestsApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/review-requests',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['review-requests'],
          summary: "Amazon review requests: each delivered order considered, its state and dates (404 when the backend does not exist)",
          params: BackendIdParams,
          querystring: Type.Object({
            state: Type.Optional(State),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
          }),
          response: { 200: ref(ReviewRequestList), ...notFound },
        },
      },
      async (req) => {
        const id = req.params.id;
        await backendMustExist(env.core.backends, id);
        const [rows, counts] = await Promise.all([
          listRows(env.db.pool, id, { ...(req.query.state ? { state: req.query.state } : {}), limit: req.query.limit ?? 200 }),
          countRows(env.db.pool, [id]),
        ]);
        return {
          counts: counts.get(id) ?? {},
          items: rows.map((r) => ({
            ...r, deliveredAt: r.deliveredAt.toISOString(), windowEndsAt: r.windowEndsAt.toISOString(),
            checkedAt: iso(r.checkedAt), sentAt: iso(r.sentAt), updatedAt: r.updatedAt.toISOString(),
          })),
        };
      },
    );
  };
}
