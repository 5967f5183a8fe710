// The UPLOAD_VAT_INVOICE message of an ERP document: Amazon's metadata as exact decimal strings, the key per retry.
import { describe, expect, it } from 'vitest';
import type { ErpInvoice } from '../erp/invoice.gateway.ts';
import { uploadKey, vatInvoiceBody } from './vat-invoice-message.ts';

const invoice = (o: Partial<ErpInvoice> = {}): ErpInvoice => ({
  id: 41, name: 'INV/2026/00007', state: 'posted', moveType: 'out_invoice', invoiceDate: '2026-11-28',
  amountTotal: '119', amountTax: '19', currency: 'EUR', lineCount: 2, ...o,
});

describe('vatInvoiceBody', () => {
  it('says the order, the number, the type and the totals in the minor unit of the currency', () => {
    expect(vatInvoiceBody(invoice(), '302-1234567-1234567')).toEqual({
      body: { amazonOrderId: '302-1234567-1234567', invoiceNumber: 'INV/2026/00007', documentType: 'Invoice', totalAmount: '119.00', totalVatAmount: '19.00' },
    });
    // Odoo's floats as read (0.1 + 0.2) are rounded to the cent, never sent as binary fractions; JPY has no decimals.
    expect(vatInvoiceBody(invoice({ amountTotal: String(0.1 + 0.2), amountTax: '0.05' }), 'A')).toMatchObject({ body: { totalAmount: '0.30', totalVatAmount: '0.05' } });
    expect(vatInvoiceBody(invoice({ amountTotal: '5980', amountTax: '544', currency: 'JPY' }), 'A')).toMatchObject({ body: { totalAmount: '5980', totalVatAmount: '544' } });
  });

  it('a credit note is a CreditNote with the refund transaction it documents; a draft or a bill is no message', () => {
    expect(vatInvoiceBody(invoice({ moveType: 'out_refund', name: 'RINV/2026/00001' }), 'A', { transactionId: 'T-1' }))
      .toMatchObject({ body: { documentType: 'CreditNote', invoiceNumber: 'RINV/2026/00001', transactionId: 'T-1' } });
    expect(vatInvoiceBody(invoice({ state: 'draft', name: null }), 'A')).toEqual({ problem: expect.stringContaining('not posted') });
    expect(vatInvoiceBody(invoice({ moveType: 'in_invoice' }), 'A')).toEqual({ problem: expect.stringContaining('in_invoice') });
  });
});

describe('uploadKey', () => {
  it('is one key per invoice, a new one per retry after a refusal', () => {
    expect([0, 1, 2].map((a) => uploadKey(41, a))).toEqual(['invoice:41', 'invoice:41#2', 'invoice:41#3']);
  });
});
