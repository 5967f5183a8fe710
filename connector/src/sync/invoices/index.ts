/** The invoices flow as other code may reach it: its declaration and contract C2 (`requestInvoice`). */
export { invoicesFlow } from './invoices.flow.ts';
export { requestInvoice, type InvoiceRequest } from './request-invoice.ts';
export { INVOICES_FLOW, Tasks as InvoiceTasks } from './invoices.payloads.ts';
export { invoicesSettings } from './invoices.settings.ts';
