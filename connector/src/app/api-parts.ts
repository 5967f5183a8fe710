/**
 * What the API gets from the flows, assembled from the flow list: each flow's routes (built over the task env),
 * named schemas and error codes, and the composed settings model. The server (api/) names no flow.
 */
import type { ApiFlow, ApiSettingsModel } from '../api/api-parts.ts';
import { assembleCatalogue } from '../api/errors/error-catalogue.ts';
import { backendSettings } from '../sync/backend-settings.ts';
import type { TaskEnv } from '../sync/frame/task-env.ts';
import { flows, type AssembledFlow } from './flow-list.ts';

/** Each flow's part of the API over `env` (routes read the env lazily: the document generator passes none). */
export function apiFlows(env: TaskEnv, list: readonly AssembledFlow[] = flows): ApiFlow[] {
  return list.map((f) => ({
    name: f.name,
    ...(f.apiRoutes ? { routes: f.apiRoutes(env) } : {}),
    ...(f.inboundRoutes ? { inbound: f.inboundRoutes(env) } : {}),
    ...(f.apiSchemas ? { schemas: f.apiSchemas } : {}),
    ...(f.errorCodes ? { errorCodes: f.errorCodes } : {}),
    conflictActions: conflictActionNames(f),
  }));
}

/** Every action of its own a flow's conflicts may offer, now or once built (`notYet`: a 409 rather than a 400). */
function conflictActionNames(f: AssembledFlow): string[] {
  const rules = Object.values(f.conflictActions ?? {});
  return [...new Set(rules.flatMap((r) => [...(r.actions ?? []).map((a) => a.action), ...(r.notYet ?? []).map((n) => n.action)]))];
}

/** The composed settings model (core's namespaces and each flow's). */
export const apiSettings: ApiSettingsModel = backendSettings;

/** The error catalogue of this connector: core's codes and every flow's (the README's table is checked against it). */
export const errorCatalogue = assembleCatalogue(flows);
