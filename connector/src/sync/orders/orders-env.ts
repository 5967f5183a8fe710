/** What the orders flow's tasks run with: the common task env plus the flow's own per-process services. */
import type { TaskEnv } from '../frame/task-env.ts';
import type { ReferenceCache } from './reference-cache.ts';

/** The orders flow's per-process services (created once where the process is assembled). */
export interface OrdersServices {
  /** Reference data per backend; forget a backend's entry when its settings or mappings change. */
  readonly referenceCache: ReferenceCache;
}

/** The env of an orders task. */
export type OrdersTaskEnv = TaskEnv & OrdersServices;
