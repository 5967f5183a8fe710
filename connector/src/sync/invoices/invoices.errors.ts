/**
 * The codes only the invoices flow raises (conflict kinds `invoice` and `invoice_upload`, one conflict per shipment key): what each
 * means. Registered with core's `FlowErrorCodes` so `new ConflictError('INVOICE_TOTAL_MISMATCH', ...)` type-checks.
 */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });
/** An invoice whose amounts or tax the ERP or Amazon dispute: the panel's accountant may resolve these. */
const money = (description: string): ErrorCodeEntry => ({ status: 422, description, money: true });

export const invoiceErrorCodes = defineErrorCodes({
  INVOICE_TOTAL_MISMATCH: money("the invoice's total or tax differs from Amazon's: it stays a draft (both figures in the conflict)"),
  INVOICE_REFUSED: money("the ERP refused to create the order's invoice (its message in the conflict, e.g. Odoo's tax-country rule)"),
  INVOICE_POST_REFUSED: money("the ERP refused to post the invoice (its message in the conflict, e.g. Odoo's tax-country rule): it stays a draft"),
  INVOICE_ORDER_NOT_IMPORTED: unprocessable('the shipped order has no ERP sales order (its import is not done): retry once it is'),
  INVOICE_ORDER_NOT_CONFIRMED: unprocessable('the ERP sales order is not confirmed, or was cancelled: nothing can be invoiced'),
  INVOICE_AMOUNTS_UNKNOWN: money("Amazon's amounts of the order cannot be read from the stored order: the invoice stays a draft"),
  INVOICE_PDF_MISSING: unprocessable("the posted invoice's PDF cannot be had from the ERP (Send & Print refused or left none, or the invoice is no longer posted): not uploaded to Amazon (the reason in the conflict)"),
  INVOICE_UPLOAD_REFUSED: unprocessable("Amazon refused the invoice PDF (UPLOAD_VAT_INVOICE): its code and description in the conflict; retry sends it again after the fix"),
  INVOICE_UPLOAD_UNKNOWN: unprocessable("Amazon's processing report does not say whether the invoice PDF was accepted (the feed failed as a whole): retry sends it again"),
});

export type InvoiceErrorCode = keyof typeof invoiceErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<InvoiceErrorCode, true> {}
}

export const invoiceErrorList = Object.entries(invoiceErrorCodes).map(([code, e]) => ({ code, ...e }));
