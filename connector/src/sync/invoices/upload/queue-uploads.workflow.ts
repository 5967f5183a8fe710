/**
 * One round of uploads: for each pending request (its invoice posted, the setting on), the invoice's PDF from the
 * ERP (the one Odoo keeps; rendered through Send & Print only when there is none) and its UPLOAD_VAT_INVOICE
 * message queued in the Feeds core, in ONE transaction with the request's `queued` state, under a key per invoice:
 * a crash before it queued nothing (the next run finds the PDF Odoo kept), a repeat after it queues nothing.
 * A PDF that cannot be had is an `INVOICE_PDF_MISSING` conflict with the ERP's reason; an ERP that fails
 * retryably fails the job (what is ready is queued first).
 */
import type { SyncError } from '../../../core/errors.ts';
import type { LockSession } from '../../../core/lock.ts';
import { withTransaction } from '../../../core/tx.ts';
import type { BackendRuntime } from '../../frame/backend-runtime.ts';
import type { TaskEnv } from '../../frame/task-env.ts';
import { enqueueFeedMessage } from '../../frame/feeds/index.ts';
import { orderDocuments } from '../../orders/index.ts';
import { invoiceGateway } from '../erp/invoice.gateway.ts';
import { invoicePdfGateway, isPdf, type InvoicePdf } from '../erp/invoice-pdf.gateway.ts';
import { setUploads, type UploadRow } from '../invoice-uploads.ts';
import { INVOICE_UPLOAD_KIND } from './enqueue-upload.ts';
import { UPLOAD_VAT_INVOICE, uploadKey, vatInvoiceBody, type VatInvoiceBody } from './vat-invoice-message.ts';

type Conflict = { row: UploadRow; code: 'INVOICE_PDF_MISSING' | 'INVOICE_ORDER_NOT_IMPORTED' | 'FEED_MESSAGE_INVALID'; message: string; details?: Record<string, unknown> };
type Ready = { row: UploadRow; body: VatInvoiceBody; marketplaceId: string };

/** What Odoo refuses because of this invoice or its set-up (its message is the conflict's), not a passing failure. */
const isRefusal = (e: SyncError) => ['ERP_VALIDATION', 'ERP_USER_ERROR', 'ERP_UNKNOWN_MODEL', 'ERP_UNKNOWN_FIELD', 'ERP_ACCESS_DENIED'].includes(e.code);

/** Queues the PDFs of `rows` (locked by the caller); returns how many were queued and how many are conflicts. */
export async function queueUploads(deps: { env: Pick<TaskEnv, 'db' | 'core'>; rt: BackendRuntime; locks: LockSession }, rows: readonly UploadRow[]): Promise<{ queued: number; conflicts: number }> {
  const { env, rt } = deps;
  const backendId = rt.backend.id;
  const pdfs = invoicePdfGateway(rt.erp);
  const invoices = await invoiceGateway(rt.erp).readInvoices(rows.map((r) => r.moveId));
  const stored = await orderDocuments(env.core.documents).getMany(backendId, [...new Set(rows.map((r) => r.amazonOrderId))]);
  const conflicts: Conflict[] = [];
  const ready: Ready[] = [];
  for (const row of rows) {
    const inv = invoices.get(row.moveId);
    const built = inv ? vatInvoiceBody(inv, row.amazonOrderId) : { problem: `the ERP invoice ${row.invoiceName ?? row.moveId} no longer exists` };
    const marketplaceId = stored.found.get(row.amazonOrderId)?.order.salesChannel.marketplaceId;
    if ('problem' in built) conflicts.push({ row, code: 'INVOICE_PDF_MISSING', message: built.problem });
    else if (!marketplaceId) conflicts.push({ row, code: 'INVOICE_ORDER_NOT_IMPORTED', message: `the Amazon order ${row.amazonOrderId} is not stored (its marketplace is unknown): resync the order, then retry` });
    else ready.push({ row, body: built.body, marketplaceId });
  }

  // The PDFs Odoo keeps; Send & Print for the others, one invoice at a time (a refusal is that invoice's alone).
  const have = await pdfs.storedPdfs(ready.map((r) => r.row.moveId));
  let retryError: SyncError | undefined;
  const rendered: number[] = [];
  for (const r of ready) {
    if (have.has(r.row.moveId) || retryError) continue;
    await deps.locks.ensureHeld();
    try {
      await pdfs.renderPdf(r.row.moveId);
      rendered.push(r.row.moveId);
    } catch (e) {
      const err = e as SyncError;
      if (err.kind === 'retryable' || !isRefusal(err)) retryError = err;
      else conflicts.push({ row: r.row, code: 'INVOICE_PDF_MISSING', message: `the ERP refused to render the PDF of ${r.body.invoiceNumber} (Send & Print): ${err.message}`, details: { erpCode: err.code } });
    }
  }
  for (const [id, pdf] of await pdfs.storedPdfs(rendered)) have.set(id, pdf);

  const queue: Array<Ready & { pdf: InvoicePdf }> = [];
  for (const r of ready) {
    const pdf = have.get(r.row.moveId);
    if (conflicts.some((c) => c.row === r.row)) continue;
    if (pdf && isPdf(pdf)) queue.push({ ...r, pdf });
    else if (pdf) conflicts.push({ row: r.row, code: 'INVOICE_PDF_MISSING', message: `the ERP's attachment ${pdf.fileName} of ${r.body.invoiceNumber} is no PDF (${pdf.mimetype ?? 'no type'}): check the invoice report` });
    else if (rendered.includes(r.row.moveId)) conflicts.push({ row: r.row, code: 'INVOICE_PDF_MISSING', message: `Send & Print left no PDF on ${r.body.invoiceNumber} (invoice_pdf_report_id is empty)` });
  }

  await withTransaction(env.db.pool, async (tx) => {
    const queued: typeof queue = [];
    for (const q of queue) {
      const key = uploadKey(q.row.moveId, q.row.uploadAttempt);
      try {
        await enqueueFeedMessage(tx, { backendId, feedType: UPLOAD_VAT_INVOICE, key, marketplaceIds: [q.marketplaceId], body: q.body, attachment: q.pdf.bytes });
        queued.push(q);
      } catch (e) {
        // Refused at the boundary, before anything was written (an invoice number Amazon's schema does not take):
        // this invoice's conflict, the others go on in the same transaction.
        if ((e as SyncError).code !== 'FEED_MESSAGE_INVALID') throw e;
        conflicts.push({ row: q.row, code: 'FEED_MESSAGE_INVALID', message: `the invoice ${q.body.invoiceNumber} cannot be an UPLOAD_VAT_INVOICE message: ${(e as Error).message}` });
      }
    }
    await setUploads(tx, [
      ...queued.map((q) => ({ id: q.row.id, state: 'queued' as const, key: uploadKey(q.row.moveId, q.row.uploadAttempt) })),
      ...conflicts.map((c) => ({ id: c.row.id, state: 'conflict' as const, code: c.code, message: c.message })),
    ]);
    for (const c of conflicts) {
      await env.core.conflicts.raise(
        { backendId, kind: INVOICE_UPLOAD_KIND, amazonKey: c.row.shipmentKey, code: c.code, message: c.message, diff: { amazonOrderId: c.row.amazonOrderId, moveId: c.row.moveId, ...c.details } },
        tx,
      );
    }
  });
  if (retryError) throw retryError;
  return { queued: queue.length - conflicts.filter((c) => c.code === 'FEED_MESSAGE_INVALID').length, conflicts: conflicts.length };
}
