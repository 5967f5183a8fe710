/**
 * TRANSACTION_UPDATE (payload version 1.0, `TransactionUpdateNotification.json`): Amazon posted a transaction. The
 * payload carries no transaction id, only related identifiers, its type, posted date and total, so the reaction
 * is the backend's sweep (its 48 hours of overlap and the refund-keyed documents make a repeat harmless), queued
 * under one job key per backend: a burst of notifications makes one sweep. Amazon lists a transaction only once it
 * was posted more than two minutes ago (the sweep reads to three minutes ago), so the sweep is queued for the
 * moment the sweep's window holds the posted date; a notification of an older posting queues it now.
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

const TransactionUpdate = Compile(
  Type.Object({
    TransactionUpdateNotification: Type.Object({
      TransactionType: Type.Optional(Type.String()),
      PostedDate: Type.Optional(Type.String()),
    }),
  }),
);

export type NotifiedDecision = 'gone' | 'not_a_refund' | 'sweep_queued';

/** When the sweep should run for a notification's payload, or null when its transaction is no refund. */
export function sweepAtOf(payload: unknown, nowMs: number): Date | null {
  const t = TransactionUpdate.Check(payload) ? payload.TransactionUpdateNotification : null;
  // Only refunds concern this flow (sales and releases are settled elsewhere); a payload we cannot read is swept for.
  if (t?.TransactionType !== undefined && t.TransactionType !== 'Refund') return null;
  const posted = Date.parse(t?.PostedDate ?? '');
  const due = Number.isNaN(posted) ? nowMs + END_LAG_MS + MARGIN_MS : posted + END_LAG_MS + MARGIN_MS;
  return new Date(Math.max(nowMs, due));
}

export async function onTransactionNotified(job: Pick<FlowJob, 'env'>, backendId: number, notificationId: string): Promise<NotifiedDecision> {
  const n = await notificationOf(job.env.db.pool, notificationId);
  if (!n) return 'gone';
  const runAt = sweepAtOf(n.payload, Date.now());
  if (!runAt) return 'not_a_refund';
  await enqueue(job.env.db.pool, Tasks.sweep, { backendId }, { jobKey: `${Tasks.sweep}:${backendId}`, runAt });
  return 'sweep_queued';
}
