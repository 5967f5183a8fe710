/**
 * TRANSACTION_UPDATE (payload version 1.0, `TransactionUpdateNotification.json`): Amazon posted a transaction. The
 * payload carries no transaction id, only related identifiers, its type, posted date and total, so the reaction
 * is the backend's sweep (its 48 hours of overlap and the refund-keyed documents make a repeat harmless), queued
 * under one job key per backend: a burst of notifications makes one sweep. Amazon lists a transaction only once it
 * was posted more than two minutes ago (the sweep reads to three minutes ago), so the sweep is queued for the
 * moment the sweep's window holds the posted date; a notification of an older posting queues it now.
 *
 * When the payload names the order (its `OrderId` related identifier), the reaction is a read of that order's
 * transactions alone (`refunds:sweep-order`): the sweep re-reads the backend's whole 48 hours at 0.5 requests/s,
 * which a busy seller's notifications would repeat for every refund. Without an order id: the backend's sweep.
 *
 * The job key holds a ten-second slot of that moment (the moment rounded up to the slot's end): a burst within a slot
 * makes one sweep, and a steady stream of refunds makes one sweep per slot instead of pushing one queued sweep ever
 * later (one job key per backend did that, up to the 15-minute cron).
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

export type NotifiedDecision = 'gone' | 'not_a_refund' | 'order_read_queued' | 'sweep_queued';

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
  const runAt = sweepAtOf(n.payload, Date.now());
  if (!runAt) return 'not_a_refund';
  // The order named: only its transactions are read (a few calls, whatever the backend's volume); else the sweep.
  const orderId = orderIdOf(n.payload);
  if (orderId) {
    const slot = Math.ceil(runAt.getTime() / SWEEP_SLOT_MS);
    await enqueue(job.env.db.pool, Tasks.sweepOrder, { backendId, orderId }, { jobKey: `${Tasks.sweepOrder}:${backendId}:${orderId}:${slot}`, runAt });
    return 'order_read_queued';
  }
  await enqueue(job.env.db.pool, Tasks.sweep, { backendId }, { jobKey: notifiedSweepKey(backendId, runAt), runAt });
  return 'sweep_queued';
}
