/**
 * The connector's HTTP API: Fastify with TypeBox route schemas, which are also the single source of the OpenAPI
 * document (`openapi/openapi.json`, served with interactive docs at /docs). Each route declares who may call it
 * (`config.access`, see access.ts): the routes under /api need the admin token or a panel session whose role
 * reaches the route's level (auth/), /health, /metrics, /docs, the panel's files at /admin/ and its sign-in stay
 * open (they carry no business data).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DestinationStream } from 'pino';
import type { ApiDeps } from './deps.ts';
import { installRouteAccess } from './auth/route-access.ts';
import { createLoginThrottle } from './auth/login-throttle.ts';
import { panelDefaults, type PanelOptions } from './auth/panel-options.ts';
import { panelFiles } from './auth/panel-files.ts';
import { sessionSchemas } from './auth/session.schemas.ts';
import { sessionRoutes } from './auth/session.routes.ts';
import { errorBodySchema } from './errors/error-body.ts';
import { assembleCatalogue } from './errors/error-catalogue.ts';
import { installErrorHandler } from './errors/error-handler.ts';
import { documentRouteErrors } from './errors/route-errors.ts';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.ts';
import { installJsonBodyParser } from './http/json-body.ts';
import { requestSerializers } from './http/log-serializers.ts';
import { installNulGuard } from './http/nul-guard.ts';
import { sharedSchemas } from './components.ts';
import { StrictValidatorCompiler } from './validation/strict-validator.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { metricsRoutes } from './routes/metrics.routes.ts';
import { registerBusinessRoutes } from './routes/index.ts';
import { amazonOAuthRoutes } from './routes/amazon-oauth.routes.ts';

export type Api = FastifyInstance;

export interface ApiOptions {
  adminToken: string;
  logLevel?: string;
  /** Where the log goes (stdout by default); tests pass a stream to read it. */
  logStream?: DestinationStream;
  /** Serve Swagger UI (off when only the document is generated). */
  docsUi?: boolean;
  /** The admin panel's sign-in and files (default: no embedding, no local login, a throw-away session key). */
  panel?: Partial<PanelOptions>;
}

const DOCS_PREFIX = '/docs';

export async function buildApi(deps: ApiDeps, opts: ApiOptions): Promise<Api> {
  const app = Fastify({
    logger: {
      level: opts.logLevel ?? 'info',
      // Secrets and buyer data never reach the log: no headers, secret query values replaced, no bodies.
      serializers: requestSerializers,
      ...(opts.logStream ? { stream: opts.logStream } : {}),
    },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(StrictValidatorCompiler);
  // Core's codes and each flow's; a code declared twice stops the server here.
  const catalogue = assembleCatalogue(deps.flows);
  installErrorHandler(app, catalogue);
  installJsonBodyParser(app);
  installNulGuard(app);
  app.addSchema(errorBodySchema(catalogue));
  app.addSchema({ ...deps.settings.schema, $id: 'BackendSettings', description: 'one object per settings namespace (core\'s and each flow\'s), every key set' });
  for (const schema of [...sharedSchemas, ...sessionSchemas, ...deps.flows.flatMap((f) => f.schemas ?? [])]) app.addSchema(schema);
  const panel = panelDefaults(opts.panel);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amazon Seller <-> ERP connector API',
        version: '1.0.0',
        description: 'Backends, orders, conflicts, sync runs, health and metrics of the connector. Every error answer is an ErrorBody.',
      },
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'the admin token (CONNECTOR_ADMIN_TOKEN); the scheme name in any case' },
          panelSession: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'a panel session (POST /api/session/exchange or /api/session/login); its role must reach the route\'s level' },
        },
      },
      security: [{ adminToken: [] }, { panelSession: [] }],
    },
    // Shared schemas keep their own names as components (ErrorBody, Backend, ...), never `def-0`.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await installRouteAccess(app, { adminToken: opts.adminToken, sessionKey: panel.sessionKey, docsPrefix: DOCS_PREFIX });
  app.addHook('onRoute', documentRouteErrors(catalogue));
  if (opts.docsUi !== false) await app.register(swaggerUi, { routePrefix: DOCS_PREFIX });

  await app.register(healthRoutes(deps));
  await app.register(metricsRoutes(deps));
  await app.register(sessionRoutes(deps, panel, createLoginThrottle(deps.panelAuth.loginFailures)), { prefix: '/api' });
  await app.register(registerBusinessRoutes(deps), { prefix: '/api' });
  // The built admin panel at /admin/ (public files; the API behind them checks every call).
  await app.register(panelFiles(panel));
  // Seller Central's redirect after the seller's consent: public, the one-time state is the proof.
  await app.register(amazonOAuthRoutes(deps));
  // What the ERP or Amazon calls: authenticated by the secret in the path (log-serializers.ts keeps it out of the log).
  for (const flow of deps.flows) if (flow.inbound) await app.register(flow.inbound, { prefix: '/inbound' });
  return app;
}
