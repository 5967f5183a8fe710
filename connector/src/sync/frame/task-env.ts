/** What every background task receives: the core services, the per-backend runtimes, metrics and a logger. */
import type { CoreServices } from '../../core/services.ts';
import type { Queryable } from '../../core/sql.ts';
import type { Database } from '../../db/database.ts';
import type { Metrics } from '../../observability/metrics.ts';
import type { RuntimeProvider } from './backend-runtime.ts';
import type { TaskLogger } from '../../observability/task-logger.ts';
import type { FlowServices } from './flow-services.ts';

// Declared in observability/ (which must not import sync/); re-exported for the tasks that import it from here.
export type { TaskLogger };

/** What one job runs under: when to stop, the id that follows its records, and who runs it. */
export interface JobContext {
  /** Fires when the worker is stopping: waits and page loops end with RetryableError('INTERRUPTED'). */
  signal?: AbortSignal;
  /** Follows an Amazon change from its sweep through its jobs to its ERP calls (logs, sync runs). */
  correlationId?: string;
  /** The heartbeat id of the process (sync_run.owner): its open runs are closed if it dies. */
  owner?: string;
}

export interface TaskEnv {
  db: Database;
  core: CoreServices;
  runtimes: RuntimeProvider;
  metrics: Metrics;
  log: TaskLogger;
  /** The flows' per-process services (caches): see flow-services.ts. */
  flowServices: FlowServices;
  /**
   * Tells the other flows that Amazon orders were stored (new or changed), inside the storing transaction `tx`:
   * their `onOrdersStored` hooks (orders-stored.ts). Built over the flow list by app/boot.ts, since the orders
   * flow may not import the list nor another flow.
   */
  ordersStored: OrdersStoredHook;
}

/** See TaskEnv.ordersStored. */
export type OrdersStoredHook = (backendId: number, amazonOrderIds: readonly string[], tx: Queryable) => Promise<void>;

/** What a task body receives: the env with the job's logger, and its context (jobs/job-context.ts builds it). */
export interface RunningJob extends JobContext {
  env: TaskEnv;
  correlationId: string;
  /** graphile-worker will not retry after this attempt. */
  lastAttempt: boolean;
}
