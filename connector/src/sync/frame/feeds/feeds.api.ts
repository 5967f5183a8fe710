/**
 * GET /api/backends/:id/feeds: the backend's recent feeds, newest first, with their state, Amazon's feed id and
 * processing status, and how many of their messages ended in each state. Never the bodies (they may hold buyer data).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ref } from '../../../api/components.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import { recentFeeds } from '../../../core/feeds/index.ts';
import type { TaskEnv } from '../task-env.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

const FeedStateSchema = Type.Union(
  ['submitting', 'submitted', 'done', 'fatal', 'cancelled', 'conflict', 'abandoned', 'refused'].map((s) => Type.Literal(s)),
  { description: 'submitting: createFeed sent or about to be; submitted: Amazon processes it; done: report read; conflict: outcome unknown, a person decides; abandoned: never reached Amazon, messages queued again; refused: Amazon refused it' },
);

export const FeedView = Type.Object(
  {
    id: Type.Integer(),
    feedType: Type.String(),
    state: FeedStateSchema,
    amazonFeedId: Nullable(Type.String()),
    processingStatus: Nullable(Type.String({ description: "Amazon's processingStatus (IN_QUEUE, IN_PROGRESS, DONE, FATAL, CANCELLED)" })),
    marketplaceIds: Type.Array(Type.String()),
    reason: Nullable(Type.String({ description: 'stable code of why it failed or waits' })),
    message: Nullable(Type.String()),
    messages: Type.Record(Type.String(), Type.Integer(), { description: 'its messages per state (sent, accepted, rejected, unknown)' }),
    submittedAt: Nullable(IsoTime),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  },
  { $id: 'Feed' },
);

export const FeedList = Type.Object({ items: Type.Array(ref(FeedView)) }, { $id: 'FeedList' });

export const feedsApiSchemas = [FeedView, FeedList];

export function feedsApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/feeds',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['feeds'],
          summary: 'Recent Amazon feeds of a backend, newest first, with their state and message counts (404 when the backend does not exist)',
          params: BackendIdParams,
          querystring: Type.Object({
            feedType: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Z0-9_]+$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          }),
          response: { 200: ref(FeedList), ...notFound },
        },
      },
      async (req) => {
        await backendMustExist(env.core.backends, req.params.id);
        const rows = await recentFeeds(env.db.pool, req.params.id, req.query.limit ?? 50, req.query.feedType);
        return {
          items: rows.map((r) => ({
            id: r.id,
            feedType: r.feedType,
            state: r.state as never,
            amazonFeedId: r.amazonFeedId,
            processingStatus: r.processingStatus,
            marketplaceIds: r.marketplaceIds,
            reason: r.code,
            message: r.message,
            messages: r.messages,
            submittedAt: r.attemptStartedAt ? r.attemptStartedAt.toISOString() : null,
            createdAt: r.createdAt.toISOString(),
            updatedAt: r.updatedAt.toISOString(),
          })),
        };
      },
    );
  };
}
