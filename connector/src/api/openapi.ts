/** Builds the OpenAPI document from the route schemas, with services that are never called. */
import { createMetrics } from '../observability/metrics.ts';
import type { ApiDeps } from './deps.ts';
import { buildApi } from './server.ts';

function unused(): never {
  throw new Error('the OpenAPI generator never calls a service');
}

const nothing = new Proxy({}, { get: () => unused }) as never;

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const deps: ApiDeps = {
    version: 'doc',
    metrics: createMetrics({ defaults: false }),
    pingDatabase: unused,
    backends: nothing,
    orders: nothing,
    conflicts: nothing,
    runs: nothing,
    backendLifecycle: nothing,
    auditLog: nothing,
  };
  const app = await buildApi(deps, { adminToken: 'the-generator-serves-no-request', logLevel: 'silent', docsUi: false });
  await app.ready();
  const doc = app.swagger() as Record<string, unknown>;
  await app.close();
  return doc;
}
