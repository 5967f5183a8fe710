import { describe, expect, it } from 'vitest';
import { locationRoleOf, returnRowKey } from './dispositions.ts';

describe('FBA dispositions', () => {
  it('sends SELLABLE to Stock and every other disposition, known or new, to Unsellable', () => {
    expect(locationRoleOf('SELLABLE')).toBe('stock');
    expect(locationRoleOf(' sellable ')).toBe('stock');
    for (const d of ['DAMAGED', 'CUSTOMER_DAMAGED', 'DEFECTIVE', 'CARRIER_DAMAGED', 'DISTRIBUTOR_DAMAGED', 'EXPIRED', 'SOMETHING_NEW']) expect(locationRoleOf(d)).toBe('unsellable');
  });
  it('keys a row by order, SKU and license plate, the return date standing in for a missing plate', () => {
    expect(returnRowKey('028-1', 'MUG', 'LPN1', '2026-12-01T10:00:00+00:00')).toBe('028-1/MUG/LPN1');
    expect(returnRowKey('028-1', 'MUG', '', '2026-12-01T10:00:00+00:00')).toBe('028-1/MUG/2026-12-01T10:00:00+00:00');
  });
});
