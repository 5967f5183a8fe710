import { describe, expect, it } from 'vitest';
import type { FlatFileRow } from '../frame/reports/index.ts';
import { requestStanding, stagedReturnOf } from './return-row.ts';
import { parseReturnKey, returnKey } from './returns.payloads.ts';

const DE = 'A1PA6795UKMFR9';
/** A row as the flat-file reader gives it for the merchant returns report (cells by header, amounts in minor units). */
function row(cells: Record<string, string>, over: { quantity?: number | null; refunded?: bigint | null } = {}): FlatFileRow {
  return {
    ok: true, line: 2,
    cells: { 'Order ID': '302-1234567-1234567', 'Amazon RMA ID': 'DAB1234567RRMA', 'Merchant SKU': 'MUG/CER-1', 'Return request status': 'Approved',
      'Return Reason': 'DEFECTIVE', 'Return request date': '2026-11-30T10:00:00+00:00', 'Return delivery date': '', 'Currency code': 'EUR', ...cells },
    amounts: { 'Refunded Amount': over.refunded === undefined ? null : over.refunded, 'Order Amount': 1999n },
    integers: { 'Return quantity': over.quantity === undefined ? 2 : over.quantity, 'Order quantity': 3 },
  };
}

describe('a merchant returns report row', () => {
  it('is staged by order, RMA and SKU, with units, reason, dates and the refund in minor units', () => {
    const r = stagedReturnOf(row({}, { refunded: 1999n }), DE);
    expect(r).toMatchObject({ ok: true, value: { orderId: '302-1234567-1234567', rmaId: 'DAB1234567RRMA', sku: 'MUG/CER-1', quantity: 2, reason: 'DEFECTIVE',
      status: 'Approved', requestedAt: '2026-11-30T10:00:00.000Z', deliveredAt: null, refundedMinor: '1999', currency: 'EUR', marketplaceId: DE } });
  });

  it('changes its hash when Amazon changes what matters (status, refund), not otherwise', () => {
    const a = stagedReturnOf(row({}), DE);
    const b = stagedReturnOf(row({}), DE);
    const closed = stagedReturnOf(row({ 'Return request status': 'Closed', 'Return delivery date': '2026-12-02T08:00:00+00:00' }), DE);
    const refunded = stagedReturnOf(row({}, { refunded: 500n }), DE);
    if (!a.ok || !b.ok || !closed.ok || !refunded.ok) throw new Error('rows should be staged');
    expect(a.value.contentHash).toBe(b.value.contentHash);
    expect(closed.value.contentHash).not.toBe(a.value.contentHash);
    expect(refunded.value.contentHash).not.toBe(a.value.contentHash);
  });

  it('is left out without its keys or units, and when the reader found it malformed', () => {
    expect(stagedReturnOf(row({ 'Amazon RMA ID': '' }), DE)).toEqual({ ok: false, why: 'RETURN_ROW_UNKEYED' });
    expect(stagedReturnOf(row({ 'Order ID': 'a/b' }), DE)).toEqual({ ok: false, why: 'RETURN_ROW_UNKEYED' });
    expect(stagedReturnOf(row({}, { quantity: null }), DE)).toEqual({ ok: false, why: 'RETURN_ROW_NO_UNITS' });
    expect(stagedReturnOf(row({}, { quantity: 0 }), DE)).toEqual({ ok: false, why: 'RETURN_ROW_NO_UNITS' });
    expect(stagedReturnOf({ ok: false, line: 9, code: 'REPORT_ROW_MALFORMED', message: 'cells' }, DE)).toEqual({ ok: false, why: 'REPORT_ROW_MALFORMED' });
  });

  it('counts as authorised when Approved, Authorized or Closed; pending or refused otherwise', () => {
    expect(['Approved', 'Authorized', 'Closed', ' closed '].map(requestStanding)).toEqual(['authorised', 'authorised', 'authorised', 'authorised']);
    expect(['Pending', 'Requested', ''].map(requestStanding)).toEqual(['pending', 'pending', 'pending']);
    expect(['Rejected', 'Cancelled'].map(requestStanding)).toEqual(['refused', 'refused']);
  });

  it('has one key whose SKU may hold a slash', () => {
    const ref = { orderId: '302-1234567-1234567', rmaId: 'DAB1234567RRMA', sku: 'MUG/CER-1' };
    expect(returnKey(ref)).toBe('302-1234567-1234567/DAB1234567RRMA/MUG/CER-1');
    expect(parseReturnKey(returnKey(ref))).toEqual(ref);
    expect(parseReturnKey('no-key')).toBeNull();
  });
});
