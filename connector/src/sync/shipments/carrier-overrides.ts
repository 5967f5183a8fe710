/** The backend's carrier overrides (ERP carrier name -> Amazon carrier), read fresh per batch. */
import type { TaskEnv } from '../frame/task-env.ts';
import type { CarrierOverrides } from './carriers/index.ts';

export async function loadCarrierOverrides(_env: Pick<TaskEnv, 'core'>, _backendId: number): Promise<CarrierOverrides> {
  return new Map();
}
