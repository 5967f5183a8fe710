/**
 * The invoice job of one backend: rounds of its waiting shipments (the oldest per order each round, so that two
 * shipments of one order become two invoices when the ERP has delivered them apart) until none is left. Orders
 * another worker holds are handed to a new job a moment later; an ERP that fails retryably fails the job, which
 * graphile-worker retries with its backoff (the requests stay waiting; after the last attempt they are `failed`).
 */
import { throwIfAborted } from '../../core/abort.ts';
import type { RunningJob } from '../frame/task-env.ts';
import type { GoLive } from '../frame/flow.ts';
import { invoicesSettings } from './invoices.settings.ts';
import { requestsById, updateRequests, waitingRequests, type InvoiceRequestRow } from './invoice-requests.ts';
import { recordOutcomes } from './invoice-outcomes.ts';
import { invoiceOrders } from './invoice-orders.workflow.ts';
import { enqueueInvoicing } from './request-invoice.ts';
import type { InvoicePayload } from './invoices.payloads.ts';

/** Rounds per job at most (a backlog beyond it goes on in a new job, so one job never runs for ever). */
const MAX_ROUNDS = 20;

/** The oldest waiting request of each order. */
function oldestPerOrder(rows: readonly InvoiceRequestRow[]): InvoiceRequestRow[] {
  const seen = new Map<string, InvoiceRequestRow>();
  for (const r of rows) if (!seen.has(r.amazonOrderId)) seen.set(r.amazonOrderId, r);
  return [...seen.values()];
}

/** Invoices the backend's waiting shipments; returns how many requests were settled. */
export async function invoiceBackend(job: RunningJob & { goLive: GoLive | null }, p: InvoicePayload): Promise<number> {
  const { env } = job;
  const { core } = env;
  const rt = await env.runtimes.get(p.backendId);
  const { batchSize, uploadVatInvoices } = invoicesSettings.of(rt.backend.settings);
  const lockKey = (id: string) => `invoice:${p.backendId}:${id}`;
  const locks = await core.locker.session();
  let settled = 0;
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      throwIfAborted(job.signal, 'the invoicing');
      const waiting = await waitingRequests(env.db.pool, p.backendId, batchSize * 4);
      if (!waiting.length) return settled;
      const cutover = job.goLive?.cutoverAt ?? null;
      const before = cutover ? waiting.filter((r) => r.shipDate < cutover) : [];
      if (before.length) {
        const message = `shipped before the invoices flow's cut-over (${cutover!.toISOString()}): left alone`;
        await recordOutcomes(env, p.backendId, before.map((request) => ({ request, state: 'ignored' as const, code: 'BEFORE_CUTOVER' as const, message })));
        settled += before.length;
        continue;
      }
      if (job.goLive?.dryRun) {
        env.log.info('invoices dry run: would invoice', { backendId: p.backendId, shipments: waiting.length });
        return settled;
      }
      const candidates = oldestPerOrder(waiting).slice(0, batchSize);
      const keys = candidates.map((r) => lockKey(r.amazonOrderId));
      const obtained = new Set((await locks.tryLock(keys)).obtained);
      const mine = candidates.filter((r) => obtained.has(lockKey(r.amazonOrderId)));
      if (mine.length < candidates.length) await enqueueInvoicing(env.db.pool, p.backendId, 2_000);
      if (!mine.length) return settled;
      try {
        // Fresh after locking: another worker may have settled some meanwhile.
        const fresh = (await requestsById(env.db.pool, mine.map((r) => r.id))).filter((r) => r.state === 'waiting');
        const result = await invoiceOrders({ env, rt, locks, batchSize, upload: uploadVatInvoices }, fresh);
        settled += result.outcomes.length;
        env.metrics.recordsSynced.inc({ backend: String(p.backendId), flow: 'invoices' }, result.outcomes.filter((o) => o.state === 'invoiced').length);
        for (const o of result.outcomes) if (o.state === 'conflict') env.metrics.conflictsRaised.inc({ backend: String(p.backendId), code: o.code });
        if (result.retry.length) throw result.retryError!;
      } finally {
        await locks.unlock([...obtained]);
      }
    }
    // A backlog beyond this job's rounds: a new job goes on with it.
    await enqueueInvoicing(env.db.pool, p.backendId, 0);
    return settled;
  } catch (e) {
    if (job.lastAttempt && (e as { kind?: string }).kind === 'retryable') {
      const left = await waitingRequests(env.db.pool, p.backendId, 10_000);
      const code = (e as { code?: string }).code ?? 'ERP_UNAVAILABLE';
      await updateRequests(env.db.pool, left.map((r) => ({ id: r.id, state: 'failed' as const, code, message: (e as Error).message })));
    }
    throw e;
  } finally {
    await locks.close();
  }
}
