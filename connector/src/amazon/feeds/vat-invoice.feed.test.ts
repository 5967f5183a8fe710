import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { vatInvoiceFeed, VatInvoiceBody } from './vat-invoice.feed.ts';

const body = { amazonOrderId: '302-1234567-1234567', invoiceNumber: 'INV/2026/0001', documentType: 'Invoice', totalAmount: '119.00', totalVatAmount: '19.00' };

describe('UPLOAD_VAT_INVOICE', () => {
  it('sends the PDF itself with the invoice metadata as feedOptions (decimal strings)', () => {
    const pdf = Buffer.from('%PDF-1.4 fake');
    const encoded = vatInvoiceFeed.encode([{ ref: 1, body, attachment: pdf }], { sellerId: 'A1' });
    expect(encoded.contentType).toBe('application/pdf');
    expect(encoded.bytes.equals(pdf)).toBe(true);
    expect(encoded.feedOptions).toEqual({
      'metadata:orderid': '302-1234567-1234567',
      'metadata:invoicenumber': 'INV/2026/0001',
      'metadata:documenttype': 'Invoice',
      'metadata:totalamount': '119.00',
      'metadata:totalvatamount': '19.00',
    });
  });

  it('takes one invoice per feed, with its PDF, and amounts as decimal strings only', () => {
    expect(vatInvoiceFeed.maxMessages).toBe(1);
    expect(() => vatInvoiceFeed.encode([{ ref: 1, body }], { sellerId: 'A1' })).toThrow(/no PDF/);
    const check = Compile(VatInvoiceBody);
    expect(check.Check(body)).toBe(true);
    expect(check.Check({ ...body, totalAmount: 119 })).toBe(false);
    expect(check.Check({ ...body, documentType: 'Receipt' })).toBe(false);
  });
});
