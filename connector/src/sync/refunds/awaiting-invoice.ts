/**
 * A refund of an order not invoiced yet. When the backend invoices shipped orders (the invoices flow) and the
 * order's shipment waits for its invoice, the invoice job is asked to run now and the credit note is tried again
 * a little later (record state `awaiting_invoice`, the tries counted): the invoice first, then its reversal. When
 * nothing will invoice it (the flow off, no shipment recorded, a request stuck in a conflict) or the tries run
 * out, the caller raises REFUND_WITHOUT_INVOICE; the re-check (recheck-uninvoiced.ts) retries it once an invoice
 * appears, whoever made it.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { invoiceNow, orderInvoicing } from '../invoices/index.ts';
import type { RefundDocument } from './refund-document.ts';
import { REFUNDS_FLOW, Tasks } from './refunds.payloads.ts';

/** The credit tried again this long after asking for the invoice (the invoice job gathers for a second, then runs). */
export const INVOICE_WAIT_MS = 15_000;
/** Tries before the refund is a conflict (about five minutes): an invoice job that keeps failing is the ERP's problem. */
const MAX_TRIES = 20;

export type InvoiceWait = { waiting: true; tries: number } | { waiting: false; why: string };

export async function awaitInvoice(env: Pick<TaskEnv, 'core' | 'runtimes' | 'db'>, backendId: number, doc: RefundDocument): Promise<InvoiceWait> {
  if (!doc.orderId) return { waiting: false, why: 'the refund names no order' };
  const rt = await env.runtimes.get(backendId);
  const invoicing = await orderInvoicing(env.db.pool, rt.backend, doc.orderId);
  if (invoicing === 'off') return { waiting: false, why: 'the backend does not invoice shipped orders (invoices flow off)' };
  if (invoicing === 'none') return { waiting: false, why: 'no shipment of the order is recorded for invoicing' };
  if (invoicing === 'stuck') return { waiting: false, why: "the order's invoice is in a conflict of the invoices flow" };
  const tries = Number((await env.core.states.get(backendId, REFUNDS_FLOW, [doc.refundId])).get(doc.refundId)?.detail.invoiceTries ?? 0) + 1;
  if (tries > MAX_TRIES) return { waiting: false, why: `the order's invoice was asked for ${MAX_TRIES} times and is still not posted` };
  // The state first: a crash before the jobs leaves an `awaiting_invoice` record the re-check picks up.
  await env.core.states.set(backendId, REFUNDS_FLOW, [{ key: doc.refundId, state: 'awaiting_invoice', code: null, detail: { orderId: doc.orderId, invoiceTries: tries } }], { stamp: false });
  const client = await env.db.pool.connect();
  try {
    await client.query('begin');
    await invoiceNow(client, backendId);
    await enqueue(client, Tasks.credit, { backendId, refundId: doc.refundId }, { jobKey: `${Tasks.credit}:${backendId}:${doc.refundId}`, runAt: new Date(Date.now() + INVOICE_WAIT_MS) });
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  return { waiting: true, tries };
}
