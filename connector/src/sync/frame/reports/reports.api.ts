/**
 * GET /api/backends/:id/reports: the backend's report requests, newest first, a page at a time (cursor: the last
 * id), with their window, state, Amazon's ids, rows delivered and why one failed. Never the rows themselves.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { pageOf, ref } from '../../../api/components.ts';
import { idCursor } from '../../../api/cursors.ts';
import { IsoTime, Nullable } from '../../../api/schemas.ts';
import { BackendIdParams, notFound } from '../../../api/routes/common.ts';
import type { TaskEnv } from '../task-env.ts';
import { recentRequests } from './report-store.ts';
import { backendMustExist } from '../../../core/backend/must-exist.ts';

const ReportStateSchema = Type.Union(
  ['requested', 'processing', 'done', 'empty', 'fatal', 'failed'].map((s) => Type.Literal(s)),
  { description: 'requested: createReport to be sent; processing: Amazon makes it; done: rows delivered to the flow; empty: Amazon had no data (CANCELLED); fatal: Amazon could not make it; failed: refused or timed out (see reason)' },
);

export const ReportRequestView = Type.Object(
  {
    id: Type.Integer(),
    flow: Type.String({ description: 'the flow that reads its rows' }),
    reportType: Type.String(),
    marketplaceId: Type.String(),
    windowStart: IsoTime,
    windowEnd: IsoTime,
    state: ReportStateSchema,
    amazonReportId: Nullable(Type.String()),
    documentId: Nullable(Type.String()),
    polls: Type.Integer(),
    rows: Nullable(Type.Integer({ description: 'rows handed to the flow (done, empty)' })),
    reason: Nullable(Type.String({ description: 'stable code of why it failed' })),
    message: Nullable(Type.String()),
    requestedAt: IsoTime,
    finishedAt: Nullable(IsoTime),
  },
  { $id: 'ReportRequest' },
);

export const ReportRequestPage = pageOf(ReportRequestView, 'ReportRequestPage');

export const reportsApiSchemas = [ReportRequestView, ReportRequestPage];

export function reportsApiRoutes(env: Pick<TaskEnv, 'db' | 'core'>): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/backends/:id/reports',
      {
        config: { access: 'read' as const },
        schema: {
          tags: ['reports'],
          summary: 'Amazon report requests of a backend, newest first, with their state (404 when the backend does not exist)',
          params: BackendIdParams,
          querystring: Type.Object({
            reportType: Type.Optional(Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Z0-9_]+$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
            cursor: Type.Optional(Type.String({ maxLength: 40 })),
          }),
          response: { 200: ref(ReportRequestPage), ...notFound },
        },
      },
      async (req) => {
        await backendMustExist(env.core.backends, req.params.id);
        const limit = req.query.limit ?? 50;
        const rows = await recentRequests(env.db.pool, req.params.id, limit + 1, idCursor.decode(req.query.cursor), req.query.reportType);
        const page = rows.slice(0, limit);
        return {
          items: page.map((r) => ({
            id: r.id,
            flow: r.flow,
            reportType: r.reportType,
            marketplaceId: r.marketplaceId,
            windowStart: r.windowStart.toISOString(),
            windowEnd: r.windowEnd.toISOString(),
            state: r.state as never,
            amazonReportId: r.amazonReportId,
            documentId: r.documentId,
            polls: r.polls,
            rows: r.rowsCount,
            reason: r.code,
            message: r.error,
            requestedAt: r.requestedAt.toISOString(),
            finishedAt: r.finishedAt ? r.finishedAt.toISOString() : null,
          })),
          nextCursor: rows.length > limit ? idCursor.encode(page[page.length - 1]!.id) : null,
        };
      },
    );
  };
}
