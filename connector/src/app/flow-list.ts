/** The flows as app/ reads them to assemble the API, the error catalogue, the metrics and the CLI `status`. */
import type { FlowDefinition } from '../sync/frame/flow.ts';
import { flows as allFlows } from '../sync/flows.ts';

/** The part of a flow definition app/ assembles from. */
export type AssembledFlow = Pick<
  FlowDefinition,
  'name' | 'description' | 'apiRoutes' | 'inboundRoutes' | 'apiSchemas' | 'errorCodes' | 'status' | 'metrics' | 'mappingTargets' | 'mappingPreview' | 'settings' | 'conflictActions'
>;

export const flows: readonly AssembledFlow[] = allFlows;

/** Each flow's mapping targets (model names) by flow name: core checks mapping rules against them. */
export function mappingTargetsByFlow(list: readonly AssembledFlow[] = flows): Record<string, string[]> {
  return Object.fromEntries(list.map((f) => [f.name, (f.mappingTargets ?? []).map((t) => t.model)]));
}
