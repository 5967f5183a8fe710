/**
 * The job a piece of code runs for, carried implicitly (AsyncLocalStorage) down to code shared by every job of a
 * process, such as the ERP client's call hook: it logs each ERP call with the job's correlation id without every
 * step and gateway passing it along. Ids and codes only, never buyer data.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { TaskLogger } from './task-logger.ts';

export interface JobScope {
  correlationId: string;
  /** The job's logger: a child carrying the correlation id. */
  log: TaskLogger;
}

const storage = new AsyncLocalStorage<JobScope>();

/** Runs `fn` inside `scope`. */
export function inJobScope<T>(scope: JobScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn);
}

/** The scope of the job running now, if any. */
export function currentJobScope(): JobScope | undefined {
  return storage.getStore();
}
