import { describe, expect, it } from 'vitest';
import { totalsProblem } from './invoice-totals.ts';
import type { ErpInvoice } from './erp/invoice.gateway.ts';

const inv = (total: string, tax: string, lines = 2, currency = 'EUR'): ErpInvoice => ({
  id: 1, name: null, state: 'draft', moveType: 'out_invoice', invoiceDate: null, amountTotal: total, amountTax: tax, currency, lineCount: lines,
});
const amazon = { currency: 'EUR', total: 1456n, tax: 95n };

describe('an invoice against Amazon\'s amounts', () => {
  it('one invoice for the whole order: exactly Amazon\'s total and tax, float noise of the ERP read as decimals', () => {
    expect(totalsProblem(inv('14.56', '0.95'), [], amazon, true)).toBeNull();
    expect(totalsProblem(inv('14.560000000000002', '0.9500000000000001'), [], amazon, true)).toBeNull();
    const p = totalsProblem(inv('14.57', '0.95'), [], amazon, true);
    expect(p?.details).toMatchObject({ invoicedTotal: '14.57', amazonTotal: '14.56', complete: true });
    expect(totalsProblem(inv('14.56', '0.96'), [], amazon, true)).not.toBeNull();
  });

  it('parts: never beyond Amazon\'s amounts; the last one within a cent per line of its own rounding', () => {
    expect(totalsProblem(inv('11.27', '0.74'), [], amazon, false)).toBeNull();
    expect(totalsProblem(inv('15.00', '0.74'), [], amazon, false)).not.toBeNull();
    expect(totalsProblem(inv('3.29', '0.22', 1), [inv('11.27', '0.74')], amazon, true)).toBeNull();
    expect(totalsProblem(inv('3.29', '0.24', 1), [inv('11.27', '0.74')], amazon, true)?.message).toMatch(/invoiced in full/);
    expect(totalsProblem(inv('2.00', '0.21', 1), [inv('11.27', '0.74')], amazon, true)).not.toBeNull();
  });

  it('a tax Amazon did not give is not compared; another currency is a mismatch', () => {
    expect(totalsProblem(inv('14.56', '2.00'), [], { ...amazon, tax: null }, true)).toBeNull();
    expect(totalsProblem(inv('14.56', '0.95', 2, 'GBP'), [], amazon, true)?.details).toMatchObject({ erpCurrency: 'GBP' });
  });
});
