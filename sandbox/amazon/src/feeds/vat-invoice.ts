/**
 * UPLOAD_VAT_INVOICE: one PDF invoice or credit note per feed, its facts in `feedOptions` (`metadata:orderid`,
 * `metadata:invoicenumber`, `metadata:documenttype`, `metadata:totalamount`, `metadata:totalvatamount`). Checks and
 * codes follow Amazon's VAT Calculation Service "Error handling" page (79523 marketplace, 79513 missing metadata,
 * 79531 document type, 79503 not a PDF, 79517 order unknown / not the seller's / not shipped yet); 79560 (amount not
 * a decimal) and 79561 (invoice number already uploaded for the order) are the sandbox's own. Accepted invoices are
 * kept per order (admin read-back).
 */
import type { OrderStore } from '../store/order-store.ts';
import type { FeedRecord, FeedStore, MessageOutcome } from './feed-store.ts';

const REQUIRED = ['orderid', 'invoicenumber', 'documenttype', 'totalamount', 'totalvatamount'] as const;
const DECIMAL = /^-?\d+(\.\d+)?$/;

function check(feed: FeedRecord, pdf: Buffer, orders: OrderStore, feeds: FeedStore): { code: string; description: string } | null {
  const o = feed.feedOptions ?? {};
  const meta = (k: string) => o[`metadata:${k}`]?.trim();
  if (feed.marketplaceIds.length !== 1) return { code: '79523', description: 'Please provide only one valid marketplace while uploading an invoice.' };
  const missing = REQUIRED.filter((k) => !meta(k));
  if (missing.length) return { code: '79513', description: `Please provide ${missing.map((k) => `metadata:${k}`).join(', ')}` };
  const type = meta('documenttype')!;
  if (type !== 'Invoice' && type !== 'CreditNote') return { code: '79531', description: `The document type ${type} is not supported` };
  const orderId = meta('orderid')!;
  const number = meta('invoicenumber')!;
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') {
    return { code: '79503', description: `Invoice uploaded is not pdf for orderId ${orderId} and InvoiceNumber ${number}` };
  }
  const stored = orders.get(orderId);
  const status = (stored?.order.fulfillment as { fulfillmentStatus?: string } | undefined)?.fulfillmentStatus;
  if (!stored || stored.sellerId !== feed.sellerId || (status !== 'SHIPPED' && status !== 'PARTIALLY_SHIPPED')) {
    return { code: '79517', description: `The order id ${orderId} does not exist, does not belong to the seller or has not been shipped yet.` };
  }
  for (const k of ['totalamount', 'totalvatamount'] as const) {
    if (!DECIMAL.test(meta(k)!)) return { code: '79560', description: `metadata:${k} must be a decimal number, got ${meta(k)}` };
  }
  if ((feeds.invoices.get(orderId) ?? []).some((i) => i.invoiceNumber === number)) {
    return { code: '79561', description: `Invoice number ${number} has already been uploaded for order ${orderId}.` };
  }
  return null;
}

/** Processes the feed's one message; returns its outcome (stored invoice on success). */
export function processVatInvoice(feed: FeedRecord, pdf: Buffer, orders: OrderStore, feeds: FeedStore, nowMs: number): MessageOutcome {
  const o = feed.feedOptions ?? {};
  const message = { feedOptions: o, document: { bytes: pdf.length, contentType: feeds.documents.get(feed.inputFeedDocumentId)?.uploadedContentType } };
  const bad = check(feed, pdf, orders, feeds);
  if (bad) return { messageId: '1', message, result: 'error', ...bad };
  const orderId = o['metadata:orderid']!.trim();
  const list = feeds.invoices.get(orderId) ?? [];
  list.push({ feedId: feed.feedId, invoiceNumber: o['metadata:invoicenumber']!.trim(), documentType: o['metadata:documenttype']!.trim(),
    totalAmount: o['metadata:totalamount']!.trim(), totalVatAmount: o['metadata:totalvatamount']!.trim(),
    marketplaceId: feed.marketplaceIds[0]!, receivedAt: new Date(nowMs).toISOString(), pdf });
  feeds.invoices.set(orderId, list);
  return { messageId: '1', message, result: 'accepted' };
}
