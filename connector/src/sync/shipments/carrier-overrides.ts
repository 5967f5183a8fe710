/** The backend's carrier overrides (`carrier_map`: ERP carrier name -> Amazon carrier), read fresh per batch. */
import type { TaskEnv } from '../frame/task-env.ts';
import { CARRIER_MAP, type CarrierMapValue, type CarrierOverrides } from './carriers/index.ts';

/** Never cached: a row a person adds to fix a carrier applies to the very next delivery, whichever worker runs it. */
export async function loadCarrierOverrides(env: Pick<TaskEnv, 'core'>, backendId: number): Promise<CarrierOverrides> {
  const tables = await env.core.lookups.loadTables(backendId, [CARRIER_MAP]);
  return (tables.get(CARRIER_MAP) ?? new Map()) as Map<string, CarrierMapValue>;
}
