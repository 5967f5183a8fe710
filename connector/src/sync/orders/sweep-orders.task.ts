/**
 * The order sweep of one backend: every order Amazon changed in the window (all marketplaces in one call), page by
 * page. Each order is validated on its own (a malformed one becomes a conflict and never blocks its page or the
 * cursor); each page is stored, and the orders whose Amazon-owned content changed (a hash, not the timestamp) are
 * enqueued for import in the same transaction. The cursor moves only when the whole window went through.
 * Amazon pages over a live index, so an order that changed while the search was paged can come again on a later
 * page: the sweep keeps one copy per order, the latest (`sweep-seen.ts`), and counts each order once.
 * Stopping (the job's signal) ends the quota wait or the page loop at once: the pages already fetched are stored,
 * the cursor stays, and the retried job searches the window again (unchanged orders cost nothing but the call).
 */
import { randomUUID } from 'node:crypto';
import { isInterrupted, throwIfAborted } from '../../core/abort.ts';
import { withTransaction } from '../../core/tx.ts';
import type { SearchOrdersParams } from '../../amazon/search-orders-params.ts';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../amazon/parse-order.ts';
import { hasUnsafeText } from '../../core/storable-text.ts';
import { createDocumentStore } from '../../core/documents/index.ts';
import { stableHash } from '../../core/stable-hash.ts';
import { enqueue, enqueueMany } from '../../core/queue/enqueue.ts';
import { Tasks, type ImportPayload, type SweepPayload } from './orders.payloads.ts';
import type { JobContext, TaskEnv } from '../frame/task-env.ts';
import { orderDocuments } from './order-documents.ts';
import { raiseRejected, rejectedOf, type Rejected } from './sweep-rejects.ts';
import { queueOrders, touchOrders } from './order-sync-state.ts';
import { noteSkusSeen } from './skus/seen-skus.ts';
import { INCLUDED_DATA } from './fetched-order.ts';
import { nextSweepWindow } from './sweep-window.ts';
import { SweepSeen, updatedMsOf } from './sweep-seen.ts';
import { ordersSettings } from './orders.settings.ts';
import { fbaOrdersOn } from './fba-switch.ts';

export interface SweepResult {
  /** Orders fetched, each counted once (malformed ones included). */
  fetched: number;
  /** Orders whose Amazon-owned content was new or changed (each counted once). */
  changed: number;
  /** Orders that do not match Amazon's model (each counted once). */
  malformed: number;
  /** Copies of orders Amazon returned again in the same search (an order changed while being paged). */
  repeated: number;
  pages: number;
  window: { from: string; to: string } | null;
  /** False when the window was a slice of a backlog: the next sweep should follow at once. */
  caughtUp: boolean;
}

/** One order of the batch being gathered: parsed, or malformed (keyed by its id, or a hash when it has none). */
type Pending = { order: Order } | { malformed: Rejected };

/** What the sweep has stored so far, per order, for its counters. */
interface Stored {
  changed: Set<string>;
  malformed: Set<string>;
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs one sweep of `payload.backendId` (its cursor's window, or the explicit backfill window). */
export async function sweepOrders(env: TaskEnv, payload: SweepPayload, onPage?: (r: SweepResult) => void, job: JobContext = {}): Promise<SweepResult> {
  const { core } = env;
  const { signal } = job;
  const cursor = payload.window ? null : await core.cursors.get(payload.backendId, 'orders');
  const window = payload.window
    ? { from: new Date(payload.window.from), to: new Date(payload.window.to) }
    : nextSweepWindow(cursor?.lastUpdatedAfter ?? null, new Date());
  const result: SweepResult = {
    fetched: 0,
    changed: 0,
    malformed: 0,
    repeated: 0,
    pages: 0,
    window: window && { from: window.from.toISOString(), to: window.to.toISOString() },
    caughtUp: window === null || !('caughtUp' in window) || window.caughtUp,
  };
  if (!window) return result;
  // The run is opened before connecting: a backend whose ERP or Amazon refuses us shows failed sweeps, not none.
  const correlationId = job.correlationId ?? randomUUID();
  const runId = await core.runs.start({
    backendId: payload.backendId,
    flow: 'orders.sweep',
    trigger: payload.window ? 'backfill' : 'sweep',
    correlationId,
    owner: job.owner ?? null,
  });
  // Pages are stored a batch at a time (one transaction, the import jobs enqueued in it): with pages of 100
  // and batches of 200, each ERP call of the import carries twice the orders.
  // The batch being gathered, one copy per order (a newer copy of an order replaces the one waiting here).
  const pending = new Map<string, Pending>();
  const seen = new SweepSeen();
  const stored: Stored = { changed: new Set(), malformed: new Set() };
  let flush = async () => {};
  try {
    const rt = await env.runtimes.get(payload.backendId);
    const backend = rt.backend;
    const settings = ordersSettings.of(backend.settings);
    const params: SearchOrdersParams = {
      lastUpdatedAfter: window.from.toISOString(),
      lastUpdatedBefore: window.to.toISOString(),
      marketplaceIds: backend.marketplaceIds,
      // FBA orders only for a backend whose fba flow is on (fba-switch.ts).
      fulfilledBy: fbaOrdersOn(backend.settings) ? ['MERCHANT', 'AMAZON'] : ['MERCHANT'],
      includedData: [...INCLUDED_DATA],
      maxResultsPerPage: settings.pageSize,
    };
    flush = async () => {
      const batch = [...pending.values()];
      pending.clear();
      const fetched = batch.flatMap((p) => ('order' in p ? [p.order] : []));
      const malformed = batch.flatMap((p) => ('malformed' in p ? [p.malformed] : []));
      await storePage(env, backend.id, settings.batchSize, fetched, malformed, stored, correlationId);
      result.changed = stored.changed.size;
      result.malformed = stored.malformed.size;
    };
    for await (const page of rt.amazon.orders.iterateSearchOrders(params, signal ? { signal } : {})) {
      result.pages += 1;
      for (const raw of page.orders) {
        const parsed = parseOrder(raw);
        const key = parsed.ok ? parsed.order.orderId : (parsed.error.orderId ?? `unidentified:${stableHash(raw).slice(0, 16)}`);
        if (seen.see(key, updatedMsOf(raw)) === 'stale') continue;
        pending.set(key, parsed.ok && !hasUnsafeText(key) ? { order: parsed.order } : { malformed: rejectedOf(key, parsed, raw) });
      }
      result.fetched = seen.orders;
      result.repeated = seen.repeats;
      if (pending.size >= settings.batchSize) await flush();
      // Progress per page: fetched counts the orders seen so far; changed and malformed what is stored so far.
      onPage?.(result);
      throwIfAborted(signal, 'the order sweep');
    }
    if (pending.size > 0) {
      await flush();
      onPage?.(result);
    }
    if (!payload.window) await core.cursors.advance(backend.id, 'orders', window.to);
    await core.runs.record(runId, { steps: [], counts: { ok: result.fetched - result.malformed, failed: 0, skipped: 0, retry: 0, conflict: result.malformed } });
    await core.runs.finish(runId);
  } catch (e) {
    const interrupted = isInterrupted(e);
    // What was fetched before the stop is kept (its quota is spent); the cursor stays where it was.
    if (interrupted && pending.size > 0) await flush().catch(() => {});
    await core.runs.finish(runId, { status: interrupted ? 'interrupted' : 'failed', errorCode: (e as { code?: string }).code ?? 'INTERNAL' });
    throw e;
  }
  return result;
}

async function storePage(
  env: TaskEnv,
  backendId: number,
  batchSize: number,
  fetched: Order[],
  malformed: Rejected[],
  stored: Stored,
  correlationId: string,
): Promise<void> {
  const changed = await withTransaction(env.db.pool, async (tx) => {
    const changed = await orderDocuments(createDocumentStore(tx, env.core.keyring)).upsertMany(backendId, fetched);
    const isChanged = new Set(changed);
    await touchOrders(tx, backendId, fetched);
    if (changed.length) {
      await noteSkusSeen(tx, backendId, fetched.filter((o) => isChanged.has(o.orderId)));
      await queueOrders(tx, backendId, fetched.filter((o) => isChanged.has(o.orderId)));
      const jobs: ImportPayload[] = chunks(changed, batchSize).map((ids) => ({ backendId, amazonOrderIds: ids, correlationId }));
      await enqueueMany(tx, Tasks.importOrders, jobs, { maxAttempts: 25 });
      await env.ordersStored(backendId, changed, tx);
    }
    for (const m of malformed) await raiseRejected(env.core.conflicts, backendId, m, tx);
    return changed;
  });
  for (const id of changed) stored.changed.add(id);
  for (const m of malformed) {
    stored.malformed.add(m.key);
    env.metrics.conflictsRaised.inc({ backend: String(backendId), code: m.code });
  }
}

/** Schedules the backend's next sweep (one pending per backend: the job key replaces an earlier one). */
export async function scheduleNextSweep(env: TaskEnv, backendId: number, inSeconds: number): Promise<void> {
  await enqueue(env.db.pool, Tasks.sweepOrders, { backendId } satisfies SweepPayload, {
    jobKey: `sweep:${backendId}`,
    jobKeyMode: 'preserve_run_at',
    queueName: `sweep:${backendId}`,
    runAt: new Date(Date.now() + inSeconds * 1000),
    maxAttempts: 5,
  });
}
