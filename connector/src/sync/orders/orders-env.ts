/** The orders flow's per-process services: created on first use in the process's flow registry (sync/frame/flow-services.ts). */
import type { FlowServices } from '../frame/flow-services.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { createReferenceCache, type ReferenceCache } from './reference-cache.ts';
import { ORDERS_FLOW } from './orders.payloads.ts';

export interface OrdersServices {
  /** Reference data per backend; the flow's onBackendChanged forgets a backend's entry when it changes. */
  readonly referenceCache: ReferenceCache;
}

/** This process's orders services. */
export function ordersServicesOf(services: FlowServices): OrdersServices {
  return services.of(ORDERS_FLOW, () => ({ referenceCache: createReferenceCache() }));
}

/** The reference cache of the process `env` belongs to. */
export const referenceCacheOf = (env: Pick<TaskEnv, 'flowServices'>): ReferenceCache => ordersServicesOf(env.flowServices).referenceCache;
