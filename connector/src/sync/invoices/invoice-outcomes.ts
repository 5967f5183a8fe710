/**
 * What a round decided for each request, written at once: the request rows, the bindings of their invoices, the
 * conflicts raised (kind `invoice`, key = shipment key) and those a success closes. One transaction.
 */
import { withTransaction } from '../../core/tx.ts';
import { createBinder } from '../../core/binding/binder.ts';
import type { ErrorCode } from '../../core/errors.ts';
import type { TaskEnv } from '../frame/task-env.ts';
import { ACCOUNT_MOVE } from './erp/invoice.gateway.ts';
import { updateRequests, type InvoiceRequestRow, type RequestUpdate } from './invoice-requests.ts';
import { askUploads } from './invoice-uploads.ts';
import { enqueueUploads } from './upload/enqueue-upload.ts';

export const INVOICE_KIND = 'invoice';

export type Outcome =
  | { request: InvoiceRequestRow; state: 'invoiced'; moveId: number; invoiceName: string | null }
  | { request: InvoiceRequestRow; state: 'covered'; message: string }
  | { request: InvoiceRequestRow; state: 'ignored'; code: ErrorCode; message: string }
  | { request: InvoiceRequestRow; state: 'conflict'; code: ErrorCode; message: string; details?: Record<string, unknown>; moveId?: number | null };

/** Binds invoices to their shipments the moment they are known (before any further write to them). */
export async function bindInvoices(env: Pick<TaskEnv, 'db'>, backendId: number, pairs: ReadonlyArray<{ request: InvoiceRequestRow; moveId: number }>): Promise<void> {
  if (!pairs.length) return;
  await withTransaction(env.db.pool, async (tx) => {
    await updateRequests(tx, pairs.map((p) => ({ id: p.request.id, state: 'waiting', moveId: p.moveId })));
    await createBinder(tx).bindMany(backendId, pairs.map((p) => ({ kind: INVOICE_KIND, amazonKey: p.request.shipmentKey, erpModel: ACCOUNT_MOVE, erpId: p.moveId })));
  });
}

/**
 * Writes the outcomes of a round: request states, conflicts raised, conflicts of the successes closed, and with
 * `upload` (`invoices.uploadVatInvoices`) the upload of each invoiced one asked, with its job: in the same
 * transaction, so an invoice recorded posted is exactly an invoice whose PDF will go to Amazon.
 */
export async function recordOutcomes(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, outcomes: readonly Outcome[], opts: { upload?: boolean } = {}): Promise<void> {
  if (!outcomes.length) return;
  const updates: RequestUpdate[] = outcomes.map((o) => {
    if (o.state === 'invoiced') return { id: o.request.id, state: o.state, moveId: o.moveId, invoiceName: o.invoiceName };
    if (o.state === 'covered') return { id: o.request.id, state: o.state, message: o.message };
    if (o.state === 'ignored') return { id: o.request.id, state: o.state, code: o.code, message: o.message };
    return { id: o.request.id, state: o.state, code: o.code, message: o.message, ...(o.moveId === undefined ? {} : { moveId: o.moveId }) };
  });
  await withTransaction(env.db.pool, async (tx) => {
    await updateRequests(tx, updates);
    for (const o of outcomes) {
      if (o.state !== 'conflict') continue;
      await env.core.conflicts.raise(
        { backendId, kind: INVOICE_KIND, amazonKey: o.request.shipmentKey, code: o.code, message: o.message, diff: { amazonOrderId: o.request.amazonOrderId, ...o.details } },
        tx,
      );
    }
    const invoiced = outcomes.filter((o) => o.state === 'invoiced').map((o) => o.request.id);
    if (opts.upload && (await askUploads(tx, invoiced)) > 0) await enqueueUploads(tx, backendId);
    const done = outcomes.filter((o) => o.state === 'invoiced' || o.state === 'covered').map((o) => o.request.shipmentKey);
    if (done.length) await env.core.conflicts.resolveOpenForMany(backendId, INVOICE_KIND, done, { action: 'synced', by: 'invoices' }, tx);
  });
}
