/**
 * The refund sweep of one backend: Finances 2024-06-19 transactions posted since the cursor less 48 hours (Amazon
 * says the last 48 hours may still be incomplete), in windows the adapter splits; each Refund stored once by its
 * refund id (a repeat of unchanged content is no change), and each new or changed refund not yet credited queued
 * for its credit-note task. The cursor moves to the window's end only after every page is stored.
 */
import { throwIfAborted } from '../../core/abort.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import type { TransactionsPage } from '../../amazon/finances-api.ts';
import type { FlowJob } from '../frame/flow.ts';
import { isPending, pendingState } from './deferred-refund.ts';
import { refundDocumentOf, isRefund } from './refund-document.ts';
import { storeRefunds } from './store-refunds.ts';
import { keepNotifiedReserve } from './notified-reserve.ts';
import { enqueueCreditBatch } from './credit-batch.ts';
import { REFUNDS_FLOW, Tasks } from './refunds.payloads.ts';
import { refundsSettings } from './refunds.settings.ts';

const HOUR = 3_600_000;
/** Amazon: transactions of the last 48 hours may be incomplete, so every sweep reads them again. */
export const OVERLAP_MS = 48 * HOUR;
/** The adapter's own end of an iteration (Amazon refuses postedBefore within two minutes of now). */
export const END_LAG_MS = 3 * 60_000;

export interface SweepResult {
  transactions: number;
  refunds: number;
  changed: number;
  malformed: number;
}

/** Queues the credit-note task of a refund (one queued job per refund). */
export const enqueueCredit = (db: Parameters<typeof enqueue>[0], backendId: number, refundId: string) =>
  enqueue(db, Tasks.credit, { backendId, refundId }, { jobKey: `${Tasks.credit}:${backendId}:${refundId}` });

export async function sweepRefunds(job: FlowJob, backendId: number): Promise<SweepResult> {
  const { env } = job;
  const rt = await env.runtimes.get(backendId);
  const cursor = await env.core.cursors.get(backendId, REFUNDS_FLOW);
  const now = Date.now();
  const from = cursor ? new Date(cursor.lastUpdatedAfter.getTime() - OVERLAP_MS) : new Date(now - refundsSettings.of(rt.backend.settings).firstSweepDays * 24 * HOUR);
  const to = new Date(now - END_LAG_MS);
  const result: SweepResult = { transactions: 0, refunds: 0, changed: 0, malformed: 0 };
  const options = job.signal ? { signal: job.signal } : {};
  const finances = rt.amazon.finances;
  // After the first page, each waits until notified reads have their reserve (notified-reserve.ts).
  await storePages(job, backendId, finances.iterateTransactions({ postedAfter: from.toISOString(), postedBefore: to.toISOString() }, options), result, () => keepNotifiedReserve(finances, job.signal));
  await env.core.cursors.advance(backendId, REFUNDS_FLOW, to);
  // The net for refunds left `queued` without their job (a crash between the two): the batch job again.
  if ((await env.core.states.list(backendId, REFUNDS_FLOW, 'queued', 1)).length) await enqueueCreditBatch(env.db.pool, backendId);
  return result;
}

/**
 * One order's transactions (a TRANSACTION_UPDATE named it): read by the order id instead of the whole 48 hours the
 * sweep reads, stored and queued the same way; the cursor stays (the sweep stays the net for the rest).
 */
export async function sweepOrderRefunds(job: FlowJob, backendId: number, orderId: string): Promise<SweepResult> {
  const rt = await job.env.runtimes.get(backendId);
  const result: SweepResult = { transactions: 0, refunds: 0, changed: 0, malformed: 0 };
  await storePages(job, backendId, rt.amazon.finances.iterateOrderTransactions(orderId, job.signal ? { signal: job.signal } : {}), result);
  return result;
}

/**
 * The transactions posted in a short window that TRANSACTION_UPDATE notifications pointed at (transaction-notified.ts):
 * one page for most sellers, stored and queued as the sweep does; the cursor stays. The window's end is kept out of
 * the two minutes Amazon does not list yet (the job is queued for when its window is listable).
 */
export async function sweepPostedRefunds(job: FlowJob, backendId: number, window: { from: string; to: string }): Promise<SweepResult> {
  const result: SweepResult = { transactions: 0, refunds: 0, changed: 0, malformed: 0 };
  const from = Date.parse(window.from);
  const to = Math.min(Date.parse(window.to), Date.now() - END_LAG_MS);
  if (Number.isNaN(from) || Number.isNaN(to) || from >= to) return result;
  const rt = await job.env.runtimes.get(backendId);
  const pages = rt.amazon.finances.iterateTransactions({ postedAfter: new Date(from).toISOString(), postedBefore: new Date(to).toISOString() }, job.signal ? { signal: job.signal } : {});
  await storePages(job, backendId, pages, result);
  return result;
}

async function storePages(job: FlowJob, backendId: number, pages: AsyncIterable<TransactionsPage>, result: SweepResult, beforeNext?: () => Promise<void>): Promise<void> {
  const it = pages[Symbol.asyncIterator]();
  try {
    for (let first = true; ; first = false) {
      // The hook runs before a page is asked for (the generator calls Amazon when pulled), never before the first.
      if (!first && beforeNext) await beforeNext();
      const next = await it.next();
      if (next.done) return;
      await storePage(job, backendId, next.value, result);
      throwIfAborted(job.signal, 'the refund sweep');
    }
  } finally {
    await it.return?.();
  }
}

async function storePage(job: FlowJob, backendId: number, page: TransactionsPage, result: SweepResult): Promise<void> {
  const { env } = job;
  result.transactions += page.transactions.length;
  result.malformed += page.failures.length;
  for (const f of page.failures) env.log.warn('refunds: a finance transaction could not be read', { backendId, code: f.code, transactionId: f.transactionId, problems: f.problems });
  // One document per refund (a deferred refund and its release are one): merged with the stored one.
  const { changed, docs } = await storeRefunds(env, backendId, page.transactions.filter(isRefund).map((t) => refundDocumentOf(t)));
  result.refunds += docs.size;
  const states = await env.core.states.get(backendId, REFUNDS_FLOW, changed);
  const due = changed.filter((k) => states.get(k)?.state !== 'credited');
  // A deferred refund not released yet waits, shown `pending` with its maturity date; its release queues it.
  const pending = due.filter((k) => isPending(docs.get(k)!));
  const queued = due.filter((k) => !isPending(docs.get(k)!));
  await env.core.states.set(backendId, REFUNDS_FLOW, pending.map((key) => pendingState(docs.get(key)!)), { stamp: false });
  await env.core.states.set(backendId, REFUNDS_FLOW, queued.map((key) => ({ key, state: 'queued', code: null, detail: { orderId: docs.get(key)!.orderId, ...(states.get(key)?.detail.kind ? {} : { kind: 'unknown' }) } })), { stamp: false });
  // The backend's batch job credits every `queued` refund (credit-batch.ts): one job for the page, not one each.
  if (queued.length) await enqueueCreditBatch(env.db.pool, backendId);
  result.changed += due.length;
}
