/** GET /metrics: Prometheus text exposition of this process's registry. */
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.ts';

/** Prometheus' text format, as prom-client announces it (the charset parameter aside). */
export const PROMETHEUS_TEXT = 'text/plain; version=0.0.4';

export function metricsRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    app.get(
      '/metrics',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Prometheus metrics',
          response: { 200: { description: 'Prometheus text exposition format 0.0.4', content: { [PROMETHEUS_TEXT]: { schema: { type: 'string' } } } } },
        },
      },
      async (_req, reply) => {
        reply.header('content-type', deps.metrics.registry.contentType);
        return deps.metrics.registry.metrics();
      },
    );
  };
}
