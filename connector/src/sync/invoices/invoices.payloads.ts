/**
 * The invoices flow's task names and payload schemas (ids only, never data). The names are stable: they are in
 * queued jobs.
 */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

/** The flow's name: task prefix, settings namespace, go-live key, conflict kind's flow. */
export const INVOICES_FLOW = 'invoices';

/** Local task names (registered as `invoices:<name>`). */
export const TaskNames = { invoice: 'invoice', invoiceAll: 'invoice-all', upload: 'upload', uploadResult: 'upload-result' } as const;

export const Tasks = {
  /** Invoice a backend's queued shipments (the requests re-read from `invoice_request`). */
  invoice: taskName(INVOICES_FLOW, TaskNames.invoice),
  /** Safety net (crontab): a job for every backend with waiting shipments (the flow switched on again...). */
  invoiceAll: taskName(INVOICES_FLOW, TaskNames.invoiceAll),
  /** Queue the PDFs of a backend's invoiced shipments for Amazon (`invoices.uploadVatInvoices`). */
  upload: taskName(INVOICES_FLOW, TaskNames.upload),
  /** Read Amazon's verdict on a feed of invoice PDFs (the Feeds core enqueues it with `{ backendId, feedId }`). */
  uploadResult: taskName(INVOICES_FLOW, TaskNames.uploadResult),
} as const;

export const CronPayload = Type.Object({ correlationId: Type.Optional(Type.String({ minLength: 1 })) });

export const InvoicePayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
  /** How many rounds in a row found the ERP unavailable (the job's own backoff). */
  attempt: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type InvoicePayload = Static<typeof InvoicePayload>;

export const UploadPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type UploadPayload = Static<typeof UploadPayload>;
