/**
 * The UPLOAD_VAT_INVOICE message of one ERP invoice or credit note (contract 1 of issue 11): what Amazon's feed
 * options say about the PDF (`metadata:orderid`, `metadata:invoicenumber`, `metadata:documenttype`,
 * `metadata:totalamount`, `metadata:totalvatamount`), the amounts as decimal strings in the currency's minor unit
 * (never floats), and the message key (`invoice:<move id>`, then `invoice:<move id>#2`... after a refusal).
 * Pure.
 */
import { currencyExponent, formatMinor, parseDecimal, rescale } from '../../../core/money.ts';
import type { ErpInvoice } from '../erp/invoice.gateway.ts';

export const UPLOAD_VAT_INVOICE = 'UPLOAD_VAT_INVOICE';

/** Amazon's document types: a customer invoice, or a credit note (refunds; Amazon then also asks its transaction). */
export type VatDocumentType = 'Invoice' | 'CreditNote';

export interface VatInvoiceBody extends Record<string, unknown> {
  amazonOrderId: string;
  /** The ERP's number of the document (`INV/2026/00001`): what the buyer reads on the PDF. */
  invoiceNumber: string;
  documentType: VatDocumentType;
  /** Tax included, e.g. "119.00". */
  totalAmount: string;
  totalVatAmount: string;
  /** CreditNote only: Amazon's id of the refund it documents (`metadata:transactionid`), given by the refunds flow. */
  transactionId?: string;
}

/** The message key of an upload: one per invoice, a new one per retry after Amazon refused it. */
export function uploadKey(moveId: number, attempt: number): string {
  return attempt > 0 ? `invoice:${moveId}#${attempt + 1}` : `invoice:${moveId}`;
}

const DOCUMENT_TYPES: Record<string, VatDocumentType> = { out_invoice: 'Invoice', out_refund: 'CreditNote' };

/** The message, or why the document cannot be one (not posted, not a customer document, no currency). */
export function vatInvoiceBody(inv: ErpInvoice, amazonOrderId: string, opts: { transactionId?: string } = {}): { body: VatInvoiceBody } | { problem: string } {
  const documentType = DOCUMENT_TYPES[inv.moveType];
  if (!documentType) return { problem: `the ERP document ${inv.id} is a ${inv.moveType}, not a customer invoice or credit note` };
  if (inv.state !== 'posted' || !inv.name || inv.name === '/') return { problem: `the ERP invoice ${inv.name ?? inv.id} is ${inv.state}, not posted: only a posted invoice goes to Amazon` };
  if (!inv.currency) return { problem: `the ERP invoice ${inv.name} has no currency` };
  const exp = currencyExponent(inv.currency);
  const decimal = (amount: string) => formatMinor(rescale(parseDecimal(amount), exp), inv.currency!);
  const body: VatInvoiceBody = {
    amazonOrderId,
    invoiceNumber: inv.name,
    documentType,
    totalAmount: decimal(inv.amountTotal),
    totalVatAmount: decimal(inv.amountTax),
  };
  if (documentType === 'CreditNote' && opts.transactionId) body.transactionId = opts.transactionId;
  return { body };
}
