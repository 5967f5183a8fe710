/**
 * The import job: a batch of order ids (never their data: the task re-reads them from the store). Orders another
 * worker holds are handed to a new job a moment later; orders that hit a retryable error go to a new job with a
 * growing delay, and after too many attempts they are marked failed with their code, visible and retryable from
 * the API. So a job never re-runs the orders that already went through.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { Tasks, type ImportPayload } from './orders.payloads.ts';
import { throwIfAborted } from '../../core/abort.ts';
import type { JobContext, TaskEnv } from '../frame/task-env.ts';
import { referenceCacheOf } from './orders-env.ts';
import { importOrders, type ImportResult } from './import-orders.workflow.ts';
import { setOrderStates } from './order-sync-state.ts';
import { closeResyncRun } from './resync-order.task.ts';
import type { GoLive } from '../frame/flow.ts';

const MAX_ATTEMPTS = 12;

export interface ImportJobPayload extends ImportPayload {
  /** How many times these orders were already tried (retryable errors only). */
  attempt?: number;
}

async function requeue(env: TaskEnv, payload: ImportJobPayload, ids: string[], delayMs: number, attempt: number): Promise<void> {
  if (!ids.length) return;
  const { correlationId, resyncRunId } = payload;
  const next: ImportJobPayload = { backendId: payload.backendId, amazonOrderIds: ids, attempt, ...(correlationId ? { correlationId } : {}), ...(resyncRunId ? { resyncRunId } : {}) };
  await enqueue(env.db.pool, Tasks.importOrders, next, { runAt: new Date(Date.now() + delayMs), maxAttempts: 25 });
}

/**
 * Imports the orders of `payload` that this worker can lock. A stopping worker starts no import (the job is
 * retried); one already running finishes its batch (bounded by the ERP's timeouts) rather than stop between an
 * ERP create and its binding.
 */
export async function importOrdersTask(env: TaskEnv, payload: ImportJobPayload, job: JobContext & { goLive?: GoLive | null } = {}): Promise<ImportResult> {
  const { core } = env;
  throwIfAborted(job.signal, 'the order import');
  const rt = await env.runtimes.get(payload.backendId);
  const lockKey = (id: string) => `order:${payload.backendId}:${id}`;
  // One lock session (one connection) for the whole job: its order locks now, its customers' locks later.
  const locks = await core.locker.session();
  try {
    const obtained = new Set((await locks.tryLock(payload.amazonOrderIds.map(lockKey))).obtained);
    const mine = payload.amazonOrderIds.filter((id) => obtained.has(lockKey(id)));
    const busy = payload.amazonOrderIds.filter((id) => !obtained.has(lockKey(id)));
    await requeue(env, payload, busy, 2_000, payload.attempt ?? 0);
    const runId = await core.runs.start({
      backendId: payload.backendId,
      flow: 'orders.import',
      trigger: 'job',
      correlationId: payload.correlationId ?? job.correlationId ?? null,
      owner: job.owner ?? null,
    });
    let result: ImportResult;
    try {
      result = await importOrders(core, rt, referenceCacheOf(env), mine, runId, locks, job.goLive ?? null, job.signal);
    } catch (e) {
      await core.runs.finish(runId, { status: 'failed', errorCode: (e as { code?: string }).code ?? 'INTERNAL' });
      throw e;
    }
    // A dry run's outcome is what it would have written (ids and amounts, no buyer data).
    await core.runs.finish(runId, result.dryRun ? { outcome: { dryRun: result.dryRun } } : {});
    const backend = String(payload.backendId);
    env.metrics.recordsSynced.inc({ backend, flow: 'orders' }, result.imported.length);
    for (const [code, n] of Object.entries(result.conflictCodes)) env.metrics.conflictsRaised.inc({ backend, code }, n);
    for (const [code, n] of Object.entries(result.failedCodes)) env.metrics.recordsFailed.inc({ backend, flow: 'orders.import', code }, n);
    const attempt = (payload.attempt ?? 0) + 1;
    if (result.retry.length && attempt >= MAX_ATTEMPTS) {
      await setOrderStates(core.pool, payload.backendId, result.retry.map((id) => ({ amazonOrderId: id, state: 'failed' as const, code: 'ERP_UNAVAILABLE' })));
      env.metrics.recordsFailed.inc({ backend, flow: 'orders.import', code: 'ERP_UNAVAILABLE' }, result.retry.length);
    } else {
      const backoff = Math.min(300_000, result.retryAfterMs * 2 ** Math.min(attempt, 8)) * (0.5 + Math.random() / 2);
      await requeue(env, payload, result.retry, backoff, attempt);
    }
    if (payload.resyncRunId !== undefined && payload.amazonOrderIds.length === 1) {
      await closeResyncRun(env, payload.resyncRunId, payload.backendId, payload.amazonOrderIds[0]!);
    }
    return result;
  } finally {
    await locks.close();
  }
}
