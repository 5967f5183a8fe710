/** GET /health: liveness and the database, for probes and the demo's "is it up" check. */
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../deps.ts';
import { ref } from '../components.ts';
import { Health } from '../schemas.ts';

export function healthRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/health',
      { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Service health', response: { 200: ref(Health), 503: ref(Health) } } },
      async (_req, reply) => {
        const up = await deps.pingDatabase().catch(() => false);
        const body = { status: up ? ('ok' as const) : ('degraded' as const), database: up ? ('up' as const) : ('down' as const), version: deps.version };
        // Still 200 (the process is fine; a probe must not restart it), but a refused backend is said here too.
        const refused = up && deps.authRefusals ? await deps.authRefusals().catch(() => []) : [];
        if (refused.length) Object.assign(body, { authRefused: refused });
        return reply.status(up ? 200 : 503).send(body);
      },
    );
  };
}
