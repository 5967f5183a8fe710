/** GET /metrics: Prometheus text exposition of this process's registry. */
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.ts';

export function metricsRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/metrics',
      { schema: { tags: ['system'], summary: 'Prometheus metrics', security: [], produces: ['text/plain'] } },
      async (_req, reply) => {
        reply.header('content-type', deps.metrics.registry.contentType);
        return deps.metrics.registry.metrics();
      },
    );
  };
}
