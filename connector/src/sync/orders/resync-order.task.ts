/**
 * Re-sync of one order on request (API, CLI, a conflict resolved with "retry"). The request is a sync_run
 * (`orders.resync`, about the order) that the caller can follow: queued when asked (the job enqueued in the same
 * transaction, so the HTTP answer never waits for Amazon's quota), running once a worker fetched the order fresh
 * with getOrder (its own quota bucket) and enqueued its import whether or not its content changed (the person
 * asked for it), then closed by that import with the outcome: the ERP order, the conflict or the failure.
 */
import { randomUUID } from 'node:crypto';
import { parseOrder } from '../../amazon/parse-order.ts';
import { isInterrupted } from '../../core/abort.ts';
import { withTransaction } from '../../core/tx.ts';
import { PermanentError, isSyncError } from '../../core/errors.ts';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { createDocumentStore } from '../../core/documents/index.ts';
import type { Queryable } from '../../core/sql.ts';
import type { RunLog } from '../../core/workflow/run-log.ts';
import { enqueue, enqueueMany } from '../../core/queue/enqueue.ts';
import { logSafeError } from '../../core/log-safe-error.ts';
import { Tasks, type ImportPayload, type ResyncPayload } from './orders.payloads.ts';
import type { JobContext, TaskEnv } from '../frame/task-env.ts';
import { orderDocuments } from './order-documents.ts';
import { orderOutcome } from './order-outcome.ts';
import { queueOrders } from './order-sync-state.ts';
import { noteSkusSeen } from './skus/seen-skus.ts';
import { INCLUDED_DATA } from './fetched-order.ts';
import { referenceCacheOf } from './orders-env.ts';

export const RESYNC_FLOW = 'orders.resync';

export interface ResyncRequest {
  runId: number;
  correlationId: string;
}

/** Records the request (a queued run) and enqueues its job, in one transaction. */
export async function requestResync(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, amazonOrderId: string, trigger: string): Promise<ResyncRequest> {
  return withTransaction(env.db.pool, (tx) => enqueueResync(tx, env.core.runs, backendId, amazonOrderId, trigger));
}

/** The queued run and its job inside the caller's transaction `tx` (a conflict resolved with "retry"). */
export async function enqueueResync(tx: Queryable, runs: RunLog, backendId: number, amazonOrderId: string, trigger: string): Promise<ResyncRequest> {
  const correlationId = randomUUID();
  const runId = await runs.start({ backendId, flow: RESYNC_FLOW, trigger, correlationId, subject: amazonOrderId, status: 'queued' }, tx);
  await enqueue(tx, Tasks.resyncOrder, { backendId, amazonOrderId, runId, correlationId } satisfies ResyncPayload, { maxAttempts: 10 });
  return { runId, correlationId };
}

/** enqueueResync for many orders of one backend in two statements (a bulk retry); each order once. */
export async function enqueueResyncMany(tx: Queryable, runs: RunLog, backendId: number, amazonOrderIds: readonly string[], trigger: string): Promise<void> {
  const ids = [...new Set(amazonOrderIds)];
  const requests = ids.map((subject) => ({ backendId, flow: RESYNC_FLOW, trigger, correlationId: randomUUID(), subject, status: 'queued' as const }));
  const runIds = await runs.startMany(requests, tx);
  const payloads = requests.map((r, i) => ({ backendId, amazonOrderId: r.subject, runId: runIds[i]!, correlationId: r.correlationId }) satisfies ResyncPayload);
  await enqueueMany(tx, Tasks.resyncOrder, payloads, { maxAttempts: 10 });
}

export interface ResyncOptions extends JobContext {
  /** The job's last attempt: a retryable failure then closes the run as failed. */
  lastAttempt?: boolean;
  /** Without a requested run (CLI, conflict retry): the trigger of the run opened here. */
  trigger?: string;
}

/** Fetches one order again and enqueues its import (see above); a permanent failure closes the run and is thrown. */
export async function resyncOrder(env: Pick<TaskEnv, 'db' | 'core' | 'runtimes' | 'flowServices' | 'ordersStored'>, payload: ResyncPayload, opts: ResyncOptions = {}): Promise<ResyncRequest> {
  const { backendId, amazonOrderId } = payload;
  const correlationId = payload.correlationId ?? opts.correlationId ?? randomUUID();
  const owner = opts.owner ?? null;
  let runId = payload.runId;
  if (runId === undefined) {
    runId = await env.core.runs.start({ backendId, flow: RESYNC_FLOW, trigger: opts.trigger ?? 'job', correlationId, subject: amazonOrderId, owner });
  } else if (!(await env.core.runs.begin(runId, owner))) {
    return { runId, correlationId }; // already closed: a second copy of the job
  }
  try {
    // A person asked for this, usually after fixing a mapping: this process reloads its reference data (tax and
    // marketplace tables) rather than wait out the cache; SKU rows are read fresh for every batch anyway.
    referenceCacheOf(env).forget(backendId);
    const rt = await env.runtimes.get(backendId);
    const { order: raw } = await rt.amazon.orders.getOrder(amazonOrderId, [...INCLUDED_DATA], opts.signal ? { signal: opts.signal } : {});
    const parsed = parseOrder(raw);
    if (!parsed.ok) {
      throw new PermanentError('ORDER_MALFORMED', `Amazon's order ${amazonOrderId} does not match its model: ${parsed.error.problems.slice(0, 3).join('; ')}`);
    }
    await storeAndEnqueue(env, backendId, parsed.order, { correlationId, resyncRunId: runId });
  } catch (e) {
    const code = isSyncError(e) ? e.code : 'INTERNAL';
    const retryable = isSyncError(e) && e.kind === 'retryable';
    if (isInterrupted(e)) await env.core.runs.finish(runId, { status: 'interrupted', errorCode: code });
    // A retry is pending: the run waits again (queued, with the reason) rather than look failed for a moment.
    else if (retryable && !opts.lastAttempt) await env.core.pool.query(`update sync_run set status = 'queued', error_code = $2 where id = $1`, [runId, code]);
    else await env.core.runs.finish(runId, { status: 'failed', errorCode: code, outcome: { amazonOrderId, message: logSafeError(e).text } });
    throw e;
  }
  return { runId, correlationId };
}

async function storeAndEnqueue(env: Pick<TaskEnv, 'db' | 'core' | 'ordersStored'>, backendId: number, order: Order, link: Pick<ImportPayload, 'correlationId' | 'resyncRunId'>): Promise<void> {
  await withTransaction(env.db.pool, async (tx) => {
    await orderDocuments(createDocumentStore(tx, env.core.keyring)).upsertMany(backendId, [order]);
    await noteSkusSeen(tx, backendId, [order]);
    await queueOrders(tx, backendId, [order]);
    await enqueue(tx, Tasks.importOrders, { backendId, amazonOrderIds: [order.orderId], ...link } satisfies ImportPayload);
    // Told even when unchanged: the order is `queued` again, so its units count as not reserved in the ERP again.
    await env.ordersStored(backendId, [order.orderId], tx);
    // From here the run waits for its import job, not for this process: this process stopping or dying must not
    // close it as interrupted (the import closes it).
    if (link.resyncRunId !== undefined) await tx.query('update sync_run set owner = null where id = $1', [link.resyncRunId]);
  });
}

/** Closes a resync run once its order left `queued`: succeeded (imported, waiting...), conflict or failed. */
export async function closeResyncRun(env: Pick<TaskEnv, 'core'>, runId: number, backendId: number, amazonOrderId: string): Promise<void> {
  const o = await orderOutcome(env.core.pool, backendId, amazonOrderId);
  if (!o || o.state === 'queued') return; // still on its way (busy, or a retry pending): the next import closes it
  const status = o.state === 'conflict' ? 'conflict' : o.state === 'failed' ? 'failed' : 'succeeded';
  await env.core.runs.finish(runId, { status, errorCode: status === 'succeeded' ? null : (o.conflict?.code ?? o.code), outcome: o });
}
