/** Builds the OpenAPI document from the route schemas (core's and the flows'), with services that are never called. */
import { createMetrics } from '../observability/metrics.ts';
import type { ApiFlow, ApiSettingsModel } from './api-parts.ts';
import type { ApiDeps } from './deps.ts';
import { buildApi } from './server.ts';

function unused(): never {
  throw new Error('the OpenAPI generator never calls a service');
}

/** A stand-in for any service: every call fails (the generator registers routes, it serves no request). */
export const nothing = new Proxy({}, { get: () => unused }) as never;

/** The document of the API with `settings` and `flows` (app/ assembles them from the flow list). */
export async function openApiDocument(parts: { settings: ApiSettingsModel; flows: readonly ApiFlow[] }): Promise<Record<string, unknown>> {
  const deps: ApiDeps = {
    version: 'doc',
    metrics: createMetrics({ defaults: false }),
    settings: parts.settings,
    flows: parts.flows,
    pingDatabase: unused,
    backends: nothing,
    conflicts: nothing,
    runs: nothing,
    backendLifecycle: nothing,
    auditLog: nothing,
    mappings: nothing,
    panelAuth: nothing,
    connections: nothing,
  };
  const app = await buildApi(deps, { adminToken: 'the-generator-serves-no-request', logLevel: 'silent', docsUi: false });
  await app.ready();
  const doc = app.swagger() as Record<string, unknown>;
  await app.close();
  return doc;
}
