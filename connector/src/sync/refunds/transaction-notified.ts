/**
 * TRANSACTION_UPDATE (payload version 1.0, `TransactionUpdateNotification.json`): Amazon posted a transaction. The
 * payload carries no transaction id, only related identifiers, its type, posted date and total, so the reaction
 * is a read of Amazon's transactions, queued for when Amazon lists the posting (it lists nothing posted in the last
 * two minutes; the reads stop three minutes back).
 *
 * What is read: the transactions posted in a short window around the notified posted date (`refunds:sweep-posted`,
 * ten seconds of posted dates and a margin each side), one job key per backend and window. Amazon allows 0.5
 * `listTransactions` requests a second per seller, so a read per refund (by its order id, as before) fell behind a
 * refund a second and, on a seller with 10,000 refunds in two days, behind the safety sweep's pages: latencies near a
 * minute. A window's read holds every refund posted in it, however many were notified. When the window is already
 * listable (a notification arriving late), the read runs at once while the bucket has a token, else when it will
 * have one, and the window's next notifications join it meanwhile (the key's pending job keeps its time).
 * Without a posted date: the order's transactions when the payload names one order, else the backend's sweep.
 * The crontab's sweep stays the net for a lost notification; the refund-keyed documents make every repeat harmless.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { enqueue } from '../../core/queue/enqueue.ts';
import type { FlowJob } from '../frame/flow.ts';
import { notificationOf } from '../frame/notifications/index.ts';
import { Tasks } from './refunds.payloads.ts';
import { END_LAG_MS } from './sweep-refunds.ts';

export const TRANSACTION_NOTIFICATION = 'TRANSACTION_UPDATE';
/** A margin past the sweep's lag, for the clocks of Amazon and of the connector. */
const MARGIN_MS = 5_000;
/** The slot of a notified sweep's job key: at most one notified sweep per backend every ten seconds. */
export const SWEEP_SLOT_MS = 10_000;
/** The posted dates one notified read covers, and the margin read on each side (Amazon's clock vs the payload's). */
export const POSTED_SLOT_MS = 10_000;
export const WINDOW_MARGIN_MS = 30_000;
/** `listTransactions`' documented rate as the quota gate paces it (0.5 a second at 95 %), to foresee its next token. */
const PACED_RATE_PER_MS = (0.5 * 0.95) / 1000;

const TransactionUpdate = Compile(
  Type.Object({
    TransactionUpdateNotification: Type.Object({
      TransactionType: Type.Optional(Type.String()),
      PostedDate: Type.Optional(Type.String()),
      RelatedIdentifiers: Type.Optional(Type.Array(Type.Object({ RelatedIdentifierName: Type.Optional(Type.String()), RelatedIdentifierValue: Type.Optional(Type.String()) }))),
    }),
  }),
);

/** The order a notification names (`OrderId` related identifier), when it names exactly one. */
export function orderIdOf(payload: unknown): string | null {
  const ids = TransactionUpdate.Check(payload) ? (payload.TransactionUpdateNotification.RelatedIdentifiers ?? []) : [];
  const orders = [...new Set(ids.filter((i) => i.RelatedIdentifierName === 'OrderId' && i.RelatedIdentifierValue?.trim()).map((i) => i.RelatedIdentifierValue!.trim()))];
  return orders.length === 1 && orders[0]!.length <= 64 ? orders[0]! : null;
}

export type NotifiedDecision = 'gone' | 'not_a_refund' | 'window_read_queued' | 'order_read_queued' | 'sweep_queued';

/** The posted date of a refund's notification (null: none readable, or no refund). */
export function postedOf(payload: unknown): number | null {
  const t = TransactionUpdate.Check(payload) ? payload.TransactionUpdateNotification : null;
  if (t?.TransactionType !== 'Refund') return null;
  const posted = Date.parse(t.PostedDate ?? '');
  return Number.isNaN(posted) ? null : posted;
}

/** The window of posted dates read for a posting, and the moment Amazon lists its slot whole. */
export function postedWindowOf(posted: number): { slot: number; from: Date; to: Date; listableAt: number } {
  const slot = Math.floor(posted / POSTED_SLOT_MS);
  const end = (slot + 1) * POSTED_SLOT_MS;
  return { slot, from: new Date(slot * POSTED_SLOT_MS - WINDOW_MARGIN_MS), to: new Date(end + WINDOW_MARGIN_MS), listableAt: end + END_LAG_MS + MARGIN_MS };
}

/**
 * When a window's read runs: once listable. A listable one now when the bucket holds a token, else when it will:
 * the notifications that come meanwhile join the pending read (its key keeps the time), so under a stream of refunds
 * the reads go at Amazon's pace, each holding what came since the last, and none waits in the gate's queue.
 */
export function windowReadAt(listableAt: number, nowMs: number, tokensLeft: number): Date {
  if (listableAt > nowMs) return new Date(listableAt);
  return new Date(tokensLeft >= 1 ? nowMs : nowMs + Math.ceil((1 - tokensLeft) / PACED_RATE_PER_MS));
}

/** When the sweep should run for a notification's payload, or null when its transaction is no refund. */
export function sweepAtOf(payload: unknown, nowMs: number): Date | null {
  const t = TransactionUpdate.Check(payload) ? payload.TransactionUpdateNotification : null;
  // Only refunds concern this flow (sales and releases are settled elsewhere); a payload we cannot read is swept for.
  if (t?.TransactionType !== undefined && t.TransactionType !== 'Refund') return null;
  const posted = Date.parse(t?.PostedDate ?? '');
  const due = Number.isNaN(posted) ? nowMs + END_LAG_MS + MARGIN_MS : posted + END_LAG_MS + MARGIN_MS;
  // A future moment is rounded up to its slot's end, so the one sweep of a slot holds every posting notified in it.
  return due <= nowMs ? new Date(nowMs) : new Date(Math.ceil(due / SWEEP_SLOT_MS) * SWEEP_SLOT_MS);
}

/** The job key of the sweep a notification queues: one per backend and slot. */
export const notifiedSweepKey = (backendId: number, runAt: Date) =>
  `${Tasks.sweep}:${backendId}:notified:${Math.ceil(runAt.getTime() / SWEEP_SLOT_MS)}`;

export async function onTransactionNotified(job: Pick<FlowJob, 'env'>, backendId: number, notificationId: string): Promise<NotifiedDecision> {
  const n = await notificationOf(job.env.db.pool, notificationId);
  if (!n) return 'gone';
  const posted = postedOf(n.payload);
  if (posted !== null) {
    const w = postedWindowOf(posted);
    const now = Date.now();
    // The bucket is only asked when the read could go at once.
    const tokens = w.listableAt > now ? Number.POSITIVE_INFINITY : await (await job.env.runtimes.get(backendId)).amazon.finances.tokensLeft();
    await enqueue(job.env.db.pool, Tasks.sweepPosted, { backendId, from: w.from.toISOString(), to: w.to.toISOString() }, {
      jobKey: `${Tasks.sweepPosted}:${backendId}:${w.slot}`, jobKeyMode: 'preserve_run_at', runAt: windowReadAt(w.listableAt, now, tokens),
    });
    return 'window_read_queued';
  }
  const runAt = sweepAtOf(n.payload, Date.now());
  if (!runAt) return 'not_a_refund';
  // No posted date. The order named: only its transactions are read (a few calls); else the sweep.
  const orderId = orderIdOf(n.payload);
  if (orderId) {
    const slot = Math.ceil(runAt.getTime() / SWEEP_SLOT_MS);
    await enqueue(job.env.db.pool, Tasks.sweepOrder, { backendId, orderId }, { jobKey: `${Tasks.sweepOrder}:${backendId}:${orderId}:${slot}`, runAt });
    return 'order_read_queued';
  }
  await enqueue(job.env.db.pool, Tasks.sweep, { backendId }, { jobKey: notifiedSweepKey(backendId, runAt), runAt });
  return 'sweep_queued';
}
