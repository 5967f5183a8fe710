/**
 * `UPLOAD_VAT_INVOICE`: the document is the invoice's PDF itself (application/pdf), one invoice per feed, described
 * by feedOptions `metadata:orderid`, `metadata:invoicenumber`, `metadata:documenttype` (Invoice | CreditNote),
 * `metadata:totalamount` and `metadata:totalvatamount` (decimal strings: money is never a float). Its processing
 * report is the shared XML ProcessingReport; the one message is MessageID 1.
 */
import { Type, type Static } from 'typebox';
import { PermanentError } from '../../core/errors.ts';
import type { FeedCodec } from './codec.ts';
import { parseXmlProcessingReport } from './xml-processing-report.ts';

const Decimal = Type.String({ pattern: '^-?[0-9]{1,12}(\\.[0-9]{1,4})?$' });

/** The connector's message body (contract 1); the PDF is the message's attachment. */
export const VatInvoiceBody = Type.Object(
  {
    amazonOrderId: Type.String({ pattern: '^[0-9]{3}-[0-9]{7}-[0-9]{7}$' }),
    invoiceNumber: Type.String({ minLength: 1, maxLength: 100 }),
    documentType: Type.Union([Type.Literal('Invoice'), Type.Literal('CreditNote')]),
    totalAmount: Decimal,
    totalVatAmount: Decimal,
  },
  { additionalProperties: false },
);
export type VatInvoiceBody = Static<typeof VatInvoiceBody>;

export const vatInvoiceFeed: FeedCodec = {
  feedType: 'UPLOAD_VAT_INVOICE',
  maxMessages: 1,
  body: VatInvoiceBody,
  attachment: true,
  encode(messages) {
    const [m] = messages;
    if (messages.length !== 1 || !m) throw new Error('UPLOAD_VAT_INVOICE: one invoice per feed');
    if (!m.attachment?.length) throw new PermanentError('FEED_MESSAGE_INVALID', 'UPLOAD_VAT_INVOICE: the message has no PDF attachment');
    const b = m.body as VatInvoiceBody;
    return {
      bytes: m.attachment,
      contentType: 'application/pdf',
      feedOptions: {
        'metadata:orderid': b.amazonOrderId,
        'metadata:invoicenumber': b.invoiceNumber,
        'metadata:documenttype': b.documentType,
        'metadata:totalamount': b.totalAmount,
        'metadata:totalvatamount': b.totalVatAmount,
      },
    };
  },
  parseReport: parseXmlProcessingReport,
};
