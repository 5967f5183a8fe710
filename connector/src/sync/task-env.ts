/** What every background task receives: the core services, the per-backend runtimes, metrics and a logger. */
import type { CoreServices } from '../core/services.ts';
import type { Database } from '../db/database.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { RuntimeProvider } from './orders/backend-runtime.ts';

export interface TaskLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface TaskEnv {
  db: Database;
  core: CoreServices;
  runtimes: RuntimeProvider;
  metrics: Metrics;
  log: TaskLogger;
}
