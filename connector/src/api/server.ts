/**
 * The connector's HTTP API: Fastify with TypeBox route schemas, which are also the single source of the OpenAPI
 * document (`openapi/openapi.json`, served with interactive docs at /docs). Everything under /api needs the admin
 * token; /health and /metrics stay open for probes and Prometheus (they carry no business data).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { type TypeBoxTypeProvider, TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import { timingSafeEqual } from 'node:crypto';
import { installErrorHandler, ErrorBody } from './error-handler.ts';
import type { ApiDeps } from './deps.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { registerBusinessRoutes } from './routes/index.ts';

export type Api = FastifyInstance;

export interface ApiOptions {
  adminToken: string;
  logLevel?: string;
  /** Serve Swagger UI (off when only the document is generated). */
  docsUi?: boolean;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function buildApi(deps: ApiDeps, opts: ApiOptions): Promise<Api> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      // Secrets and buyer data never reach the log: headers are redacted, bodies are never logged.
      redact: ['req.headers.authorization', 'req.headers["x-amz-access-token"]'],
    },
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  installErrorHandler(app);
  app.addSchema(ErrorBody);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Amazon Seller <-> ERP connector API',
        version: '1.0.0',
        description: 'Backends, orders, conflicts, sync runs, health and metrics of the connector.',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
      security: [{ adminToken: [] }],
    },
  });
  if (opts.docsUi !== false) await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    const header = req.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token || !tokenMatches(token, opts.adminToken)) {
      return reply.status(401).send({ code: 'UNAUTHORIZED', message: 'a valid admin token is required' });
    }
  });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(registerBusinessRoutes(deps), { prefix: '/api' });
  return app;
}
