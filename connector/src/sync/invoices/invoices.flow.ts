/**
 * Customer invoices of shipped orders, declared: its task, settings, conflict kind and what "retry" does, its codes
 * and status counts. It acts only on `requestInvoice` (called by the shipments and FBA flows once a shipment is
 * confirmed); on by default.
 */
import { defineFlow, defineTask, goLiveOfFlow } from '../frame/flow.ts';
import { CronPayload, INVOICES_FLOW, InvoicePayload, TaskNames, UploadPayload } from './invoices.payloads.ts';
import { invoicesSettings } from './invoices.settings.ts';
import { invoiceErrorList } from './invoices.errors.ts';
import { invoiceBackend } from './invoice-backend.task.ts';
import { backendsWaiting, requestCounts, requeueRequests, waitingRequests } from './invoice-requests.ts';
import { enqueueInvoicing } from './request-invoice.ts';
import { INVOICE_KIND } from './invoice-outcomes.ts';
import { invoicesApiRoutes, invoicesApiSchemas } from './api/invoices.routes.ts';
import { FeedResultPayload } from '../frame/feeds/index.ts';
import { backendsUploading, requeueUploads } from './invoice-uploads.ts';
import { enqueueUploads, INVOICE_UPLOAD_KIND } from './upload/enqueue-upload.ts';
import { uploadInvoices } from './upload/upload-invoices.task.ts';
import { readUploadResults } from './upload/upload-results.task.ts';
import { UPLOAD_VAT_INVOICE } from './upload/vat-invoice-message.ts';

const goLive = { name: INVOICES_FLOW, goLive: { enabledByDefault: true } };

export const invoicesFlow = defineFlow({
  ...goLive,
  description: "Customer invoices of shipped orders, posted in the ERP on Amazon's ship date with Amazon's amounts",
  tasks: [
    defineTask({
      name: TaskNames.invoice,
      payload: InvoicePayload,
      run: async (job, p) => void (await invoiceBackend(job, p)),
    }),
    defineTask({
      name: TaskNames.upload,
      payload: UploadPayload,
      run: async (job, p) => void (await uploadInvoices(job, p)),
    }),
    defineTask({
      name: TaskNames.uploadResult,
      payload: FeedResultPayload,
      run: async (job, p) => void (await readUploadResults(job, p)),
    }),
    // Every five minutes: shipments left waiting and invoice PDFs left pending (the flow, the backend or the upload
    // setting switched on again, a job that gave up) get their backend's job; one pending per backend.
    defineTask({
      name: TaskNames.invoiceAll,
      payload: CronPayload,
      perBackend: false,
      async run({ env }) {
        const waiting = new Set(await backendsWaiting(env.db.pool));
        const uploading = new Set(await backendsUploading(env.db.pool));
        for (const b of await env.core.backends.list()) {
          if (!b.enabled || !goLiveOfFlow(goLive, b.settings).enabled) continue;
          if (waiting.has(b.id)) await enqueueInvoicing(env.db.pool, b.id);
          if (uploading.has(b.id) && invoicesSettings.of(b.settings).uploadVatInvoices) await enqueueUploads(env.db.pool, b.id);
        }
      },
    }),
  ],
  // The PDF of each invoice to Amazon when `invoices.uploadVatInvoices` is on: after cancellations, before stock.
  feeds: [{ feedType: UPLOAD_VAT_INVOICE, priority: 40, moneyMoving: false, resultTask: TaskNames.uploadResult }],
  crontab: [{ pattern: '*/5 * * * *', task: TaskNames.invoiceAll, options: '?max=1' }],
  settings: invoicesSettings,
  errorCodes: invoiceErrorList,
  status: { counts: requestCounts },
  apiRoutes: invoicesApiRoutes,
  apiSchemas: invoicesApiSchemas,
  conflictKinds: [
    {
      kind: INVOICE_KIND,
      // "Retry": the shipment waits again and the backend's invoice job runs (it looks the invoice up first).
      async rerun(c, tx) {
        await requeueRequests(tx, c.backendId, [c.amazonKey]);
        await enqueueInvoicing(tx, c.backendId);
      },
      async rerunMany(cs, tx) {
        for (const backendId of new Set(cs.map((c) => c.backendId))) {
          await requeueRequests(tx, backendId, cs.filter((c) => c.backendId === backendId).map((c) => c.amazonKey));
          await enqueueInvoicing(tx, backendId);
        }
      },
    },
    {
      kind: INVOICE_UPLOAD_KIND,
      // "Retry": the PDF is had and queued again (a new message key when Amazon had refused the earlier one).
      async rerun(c, tx) {
        await requeueUploads(tx, c.backendId, [c.amazonKey]);
        await enqueueUploads(tx, c.backendId);
      },
      async rerunMany(cs, tx) {
        for (const backendId of new Set(cs.map((c) => c.backendId))) {
          await requeueUploads(tx, backendId, cs.filter((c) => c.backendId === backendId).map((c) => c.amazonKey));
          await enqueueUploads(tx, backendId);
        }
      },
    },
  ],
  // Enabled again: the shipments that waited while it was off are invoiced.
  async onBackendEnabled(backendId, tx) {
    if ((await waitingRequests(tx, backendId, 1)).length) await enqueueInvoicing(tx, backendId);
  },
  demo: { describe: "invoices: each shipped order's customer invoice, posted in the ERP on Amazon's ship date" },
});
