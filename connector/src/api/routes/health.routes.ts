/**
 * GET /health: liveness, the database, and the backends that are degraded (their set-up or a flow failing or
 * stalled, with the reason), for probes and the demo's "is it up" check.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { Health } from '../health.schemas.ts';

export function healthRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/health',
      { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Service health', response: { 200: ref(Health), 503: ref(Health) } } },
      async (_req, reply) => {
        const up = await deps.pingDatabase().catch(() => false);
        // A backend whose ERP or Amazon is unreachable is degraded, not a dead process: 200, with each reason.
        const backends = up ? (await deps.backends.list().catch(() => [])).filter((b) => b.health.state !== 'ok') : [];
        const body = {
          status: up && backends.length === 0 ? ('ok' as const) : ('degraded' as const),
          database: up ? ('up' as const) : ('down' as const),
          version: deps.version,
          backends: backends.map((b) => ({
            id: b.id,
            name: b.name,
            state: b.health.state as 'failing' | 'stalled',
            code: b.health.code,
            message: b.health.message,
            since: b.health.since,
          })),
        };
        // A refused backend is listed on its own too: its sync waits for new credentials.
        const refused = up && deps.authRefusals ? await deps.authRefusals().catch(() => []) : [];
        if (refused.length) Object.assign(body, { authRefused: refused });
        return reply.status(up ? 200 : 503).send(body);
      },
    );
  };
}
