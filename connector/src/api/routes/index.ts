/** All business routes, mounted under /api (admin token required): core's, then each flow's. */
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.ts';
import { auditLogRoutes } from './audit-log.routes.ts';
import { backendCredentialsRoutes } from './backend-credentials.routes.ts';
import { backendLifecycleRoutes } from './backend-lifecycle.routes.ts';
import { backendRoutes } from './backends.routes.ts';
import { conflictRoutes } from './conflicts.routes.ts';
import { connectionRoutes } from './connections.routes.ts';
import { runRoutes } from './runs.routes.ts';
import { mappingRoutes } from './mappings.routes.ts';
import { lookupRoutes } from './lookups.routes.ts';

export function registerBusinessRoutes(deps: ApiDeps): FastifyPluginAsync {
  return async (app) => {
    await app.register(backendRoutes(deps));
    await app.register(conflictRoutes(deps));
    await app.register(runRoutes(deps));
    await app.register(backendLifecycleRoutes(deps));
    await app.register(backendCredentialsRoutes(deps));
    await app.register(auditLogRoutes(deps));
    await app.register(mappingRoutes(deps));
    await app.register(lookupRoutes(deps));
    await app.register(connectionRoutes(deps));
    // A flow's routes declare their access like ours: the default-deny hook (auth/route-access.ts) sees them too.
    for (const flow of deps.flows) if (flow.routes) await app.register(flow.routes);
  };
}
