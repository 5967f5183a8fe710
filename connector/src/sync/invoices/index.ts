/** The invoices flow as other code may reach it: its declaration, contract C2 (`requestInvoice`) and C3 (an order's invoicing). */
export { invoicesFlow } from './invoices.flow.ts';
export { requestInvoice, type InvoiceRequest } from './request-invoice.ts';
export { invoiceNow, orderInvoicing, type OrderInvoicing } from './order-invoicing.ts';
export { INVOICES_FLOW, Tasks as InvoiceTasks } from './invoices.payloads.ts';
export { invoicesSettings } from './invoices.settings.ts';
