/**
 * The re-check of refunds waiting for an invoice (task `refunds:recheck-uninvoiced`, crontab every five minutes):
 * each refund of a backend in conflict REFUND_WITHOUT_INVOICE or still `awaiting_invoice` whose order now has
 * a posted invoice in the ERP (one, or several: credit-shares.ts) (made by the invoices flow or by a person) gets its credit-note task again,
 * which resolves the conflict when it posts. Two ERP reads per batch, whatever the number of refunds; nothing in
 * the invoices flow knows of refunds (it stays below this flow).
 */
import type { FlowJob } from '../frame/flow.ts';
import { creditNoteGateway } from './erp/credit-note.gateway.ts';
import { REFUNDS_FLOW } from './refunds.payloads.ts';
import { enqueueCredit } from './sweep-refunds.ts';

/** Refunds looked at per run and backend (the oldest first; the rest at the next run). */
const BATCH = 500;

export async function recheckUninvoiced(job: Pick<FlowJob, 'env'>, backendId: number): Promise<{ checked: number; retried: number }> {
  const { env } = job;
  const keys = [
    ...(await env.core.states.list(backendId, REFUNDS_FLOW, 'conflict', BATCH)),
    ...(await env.core.states.list(backendId, REFUNDS_FLOW, 'awaiting_invoice', BATCH)),
  ];
  const states = await env.core.states.get(backendId, REFUNDS_FLOW, keys);
  const waiting = [...states.values()].filter((s) => (s.state === 'awaiting_invoice' || s.code === 'REFUND_WITHOUT_INVOICE') && typeof s.detail.orderId === 'string');
  if (!waiting.length) return { checked: 0, retried: 0 };
  const orders = new Map<string, number>();
  for (const s of waiting) {
    const b = await env.core.binder.toErp(backendId, 'order', s.detail.orderId as string);
    if (b) orders.set(s.detail.orderId as string, b.erpId);
  }
  const counts = await creditNoteGateway((await env.runtimes.get(backendId)).erp).postedInvoiceCounts([...new Set(orders.values())]);
  const due = waiting.filter((s) => (counts.get(orders.get(s.detail.orderId as string) ?? -1) ?? 0) >= 1);
  for (const s of due) await enqueueCredit(env.db.pool, backendId, s.key);
  return { checked: waiting.length, retried: due.length };
}
