import { describe, expect, it } from 'vitest';
import { isSummary, lineProblem, readLine, readSummary, settlementAmount, settlementDate } from './settlement-rows.ts';

const row = (cells: Record<string, string>) => cells;

describe('settlement rows', () => {
  it('reads amounts in any local number format as exact minor units', () => {
    expect(settlementAmount('95,00', 'EUR')).toBe(9500n);
    expect(settlementAmount('1.234,56', 'EUR')).toBe(123456n);
    expect(settlementAmount('1,234.56', 'USD')).toBe(123456n);
    expect(settlementAmount('-0,07', 'EUR')).toBe(-7n);
    expect(settlementAmount('1234', 'JPY')).toBe(1234n);
    expect(settlementAmount('', 'EUR')).toBe(0n);
    expect(() => settlementAmount('12.345', 'EUR')).toThrow();
    expect(() => settlementAmount('abc', 'EUR')).toThrow();
  });

  it('reads the summary row: id, period, deposit date, total, currency', () => {
    const s = row({ 'settlement-id': '12345678901', 'settlement-start-date': '2026-11-01 00:00:00 UTC', 'settlement-end-date': '15.11.2026 00:00:00 UTC',
      'deposit-date': '2026-11-18T00:00:00+00:00', 'total-amount': '1.234,56', currency: 'EUR', 'transaction-type': '' });
    expect(isSummary(s)).toBe(true);
    expect(readSummary(s)).toEqual({ settlementId: '12345678901', start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-11-15T00:00:00Z'),
      deposit: new Date('2026-11-18T00:00:00Z'), totalMinor: 123456n, currency: 'EUR' });
    expect(isSummary(row({ 'total-amount': '', 'transaction-type': 'Order' }))).toBe(false);
  });

  it('keeps an FBA shipment id in order-id as a shipment id, not an order', () => {
    const l = readLine(row({ 'transaction-type': 'other-transaction', 'order-id': 'FBA15ABCD12X', 'amount-type': 'other-transaction',
      'amount-description': 'FBA Inbound Placement Service Fee', amount: '-0,54', 'marketplace-name': '' }), 'EUR');
    expect(l).toMatchObject({ orderId: null, shipmentId: 'FBA15ABCD12X', amountMinor: -54n });
    const order = readLine(row({ 'transaction-type': 'Order', 'order-id': '302-1234567-1234567', 'shipment-id': 'DxYz', amount: '10.00' }), 'EUR');
    expect(order).toMatchObject({ orderId: '302-1234567-1234567', shipmentId: 'DxYz' });
  });

  it('keeps a blank marketplace name as null, and dates and quantities as read', () => {
    const l = readLine(row({ 'transaction-type': 'Order', 'order-id': '302-1234567-1234567', 'marketplace-name': '  ', 'amount-type': 'ItemPrice',
      'amount-description': 'Principal', amount: '19,99', 'posted-date': '2026-11-03', 'posted-date-time': '', sku: 'SKU-1', 'quantity-purchased': '2' }), 'EUR');
    expect(l).toMatchObject({ marketplaceName: null, postedAt: new Date('2026-11-03T00:00:00Z'), quantity: 2, sku: 'SKU-1', amountMinor: 1999n });
    expect(() => readLine(row({ 'quantity-purchased': 'two' }), 'EUR')).toThrow(/quantity/);
  });

  it('flags a line in another currency than the settlement with a stable code', () => {
    const inGbp = readLine(row({ 'transaction-type': 'Order', amount: '5.00', currency: 'GBP' }), 'EUR');
    expect(lineProblem(inGbp, 'EUR')).toBe('SETTLEMENT_CURRENCY_MISMATCH');
    expect(lineProblem(readLine(row({ amount: '5.00', currency: 'EUR' }), 'EUR'), 'EUR')).toBeNull();
    expect(lineProblem(readLine(row({ amount: '5.00' }), 'EUR'), 'EUR')).toBeNull();
    expect(() => settlementDate('not a date')).toThrow();
  });
});
