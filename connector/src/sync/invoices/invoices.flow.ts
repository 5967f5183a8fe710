/**
 * Customer invoices of shipped orders, declared: its task, settings, conflict kind and what "retry" does, its codes
 * and status counts. It acts only on `requestInvoice` (called by the shipments and FBA flows once a shipment is
 * confirmed); on by default.
 */
import { defineFlow, defineTask } from '../frame/flow.ts';
import { INVOICES_FLOW, InvoicePayload, TaskNames } from './invoices.payloads.ts';
import { invoicesSettings } from './invoices.settings.ts';
import { invoiceErrorList } from './invoices.errors.ts';
import { invoiceBackend } from './invoice-backend.task.ts';
import { requestCounts, requeueRequests, waitingRequests } from './invoice-requests.ts';
import { enqueueInvoicing } from './request-invoice.ts';
import { INVOICE_KIND } from './invoice-outcomes.ts';
import { invoicesApiRoutes, invoicesApiSchemas } from './api/invoices.routes.ts';

export const invoicesFlow = defineFlow({
  name: INVOICES_FLOW,
  description: "Customer invoices of shipped orders, posted in the ERP on Amazon's ship date with Amazon's amounts",
  goLive: { enabledByDefault: true },
  tasks: [
    defineTask({
      name: TaskNames.invoice,
      payload: InvoicePayload,
      run: async (job, p) => void (await invoiceBackend(job, p)),
    }),
  ],
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
  ],
  // Enabled again: the shipments that waited while it was off are invoiced.
  async onBackendEnabled(backendId, tx) {
    if ((await waitingRequests(tx, backendId, 1)).length) await enqueueInvoicing(tx, backendId);
  },
  demo: { describe: "invoices: each shipped order's customer invoice, posted in the ERP on Amazon's ship date" },
});
