import { describe, expect, it } from 'vitest';
import { batchReason, ownReference, ownsReference, refundReason } from './refund-reference.ts';

describe("a credit note's reference", () => {
  const batch = `Reversal of: INV/2026/00012, ${batchReason([{ refundId: 'R1', invoiceId: 12 }, { refundId: 'R12', invoiceId: 13 }])}`;

  it("a batch's reason names every refund with the invoice it reverses", () => {
    expect(batch).toBe('Reversal of: INV/2026/00012, Amazon refund R1 (invoice 12); Amazon refund R12 (invoice 13)');
  });

  it("a batch's credit note is a refund's only when it reverses that refund's invoice", () => {
    expect(ownsReference('R1', batch, 12)).toBe(true);
    expect(ownsReference('R1', batch, 13)).toBe(false);
    expect(ownsReference('R12', batch, 13)).toBe(true);
    expect(ownsReference('R12', batch, 12)).toBe(false);
    // R1 is not found inside R12, nor an id the batch does not name.
    expect(ownsReference('R2', batch, 12)).toBe(false);
  });

  it("a one-invoice wizard's reference (and one naming the kind) belongs to its refund whatever it reverses", () => {
    expect(ownsReference('R1', `Reversal of: INV/1, ${refundReason('R1')}`, 99)).toBe(true);
    expect(ownsReference('R1', `Reversal of: INV/1, ${refundReason('R1', 'chargeback')}`, null)).toBe(true);
    expect(ownsReference('R1', `Reversal of: INV/1, ${refundReason('R12')}`, 99)).toBe(false);
  });

  it("the batch's reason is replaced by the refund's own, Odoo's prefix kept (a translated one too); nothing to do on its own", () => {
    expect(ownReference('R12', batch)).toBe('Reversal of: INV/2026/00012, Amazon refund R12');
    expect(ownReference('R1', `Extourne de : FAC/1, ${batchReason([{ refundId: 'R1', invoiceId: 4 }, { refundId: 'R2', invoiceId: 5 }])}`)).toBe('Extourne de : FAC/1, Amazon refund R1');
    expect(ownReference('R1', 'Reversal of: INV/1, Amazon refund R1')).toBeNull();
  });
});
