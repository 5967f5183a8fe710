/**
 * The flows, as app/ reads them to assemble the API, the error catalogue, the metrics and the CLI `status`.
 * TEMPORARY: stands for `sync/flows.ts` (the one list, built by the frame work) until it is merged; then this
 * file re-exports that list.
 */
import type { FlowDefinition } from '../sync/frame/flow.ts';
import type { TaskEnv } from '../sync/task-env.ts';
import { ordersApiParts } from '../sync/orders/orders.api.ts';
import { ordersSettings } from '../sync/orders/orders.settings.ts';

/** The part of a flow definition app/ assembles from. */
export type AssembledFlow = Pick<
  FlowDefinition<TaskEnv>,
  'name' | 'description' | 'apiRoutes' | 'apiSchemas' | 'errorCodes' | 'status' | 'mappingTargets' | 'settings'
>;

export const flows: readonly AssembledFlow[] = [
  { name: 'orders', description: 'Amazon orders imported as ERP sales orders', settings: ordersSettings, ...ordersApiParts },
];

/** Each flow's mapping targets (model names) by flow name: core checks mapping rules against them. */
export function mappingTargetsByFlow(list: readonly AssembledFlow[] = flows): Record<string, string[]> {
  return Object.fromEntries(list.map((f) => [f.name, (f.mappingTargets ?? []).map((t) => t.model)]));
}
