/** /api/audit-log: who changed settings, mappings, conflicts and backends, when, and what changed. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ApiDeps } from '../deps.ts';
import { AuditEntryPage, ref } from '../components.ts';
import { BackendId } from '../schemas.ts';
import { PageQuery } from './common.ts';

export function auditLogRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/audit-log',
      {
        config: { access: 'read' },
        schema: {
          tags: ['audit'],
          summary: 'Audit entries, newest first (deleted backends included)',
          querystring: Type.Object({ backendId: Type.Optional(BackendId), ...PageQuery }),
          response: { 200: ref(AuditEntryPage) },
        },
      },
      (req) => deps.auditLog.list({ backendId: req.query.backendId, limit: req.query.limit ?? 50, cursor: req.query.cursor }),
    );
  };
}
