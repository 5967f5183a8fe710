import { describe, expect, it } from 'vitest';
import type { ErpPort } from '../../../erp/erp-port.ts';
import { creditNoteGateway, refundReason } from './credit-note.gateway.ts';

/** An ERP holding one credit note's `ref`, counting the writes. */
function erpWith(ref: string | false) {
  const state = { ref, writes: 0 };
  const erp = {
    read: async () => [{ id: 7, ref: state.ref }],
    write: async (_model: string, _ids: number[], vals: { ref: string }) => {
      state.ref = vals.ref;
      state.writes += 1;
      return true;
    },
  } as unknown as ErpPort;
  return { gw: creditNoteGateway(erp), state };
}

describe("the refund's kind in the credit note's reference", () => {
  it('names only the kinds booked otherwise than a refund', () => {
    expect(refundReason('R1', 'chargeback')).toBe('Amazon refund R1 (chargeback)');
    expect(refundReason('R1', 'guarantee_claim')).toBe('Amazon refund R1 (guarantee claim)');
    expect(refundReason('R1', 'refund')).toBe('Amazon refund R1');
    expect(refundReason('R1', 'unknown')).toBe('Amazon refund R1');
  });

  it('is written in place of the reason once, keeping what surrounds it', async () => {
    const { gw, state } = erpWith('Reversal of: INV/2026/00001, Amazon refund R1');
    expect(await gw.nameKind(7, 'R1', 'chargeback')).toBe(true);
    expect(state.ref).toBe('Reversal of: INV/2026/00001, Amazon refund R1 (chargeback)');
    expect(await gw.nameKind(7, 'R1', 'chargeback')).toBe(false);
    expect(state.writes).toBe(1);
  });

  it("replaces an older version's kind, and leaves a reference without this refund's reason alone", async () => {
    const older = erpWith('Reversal of: INV/2026/00001, Amazon refund R1 (unknown)');
    expect(await older.gw.nameKind(7, 'R1', 'guarantee_claim')).toBe(true);
    expect(older.state.ref).toBe('Reversal of: INV/2026/00001, Amazon refund R1 (guarantee claim)');
    // R1 inside a longer id (R12) is another refund's; a person's own reference is theirs.
    for (const ref of ['Reversal of: INV/2026/00002, Amazon refund R12', 'Customer goodwill', false] as const) {
      const { gw, state } = erpWith(ref);
      expect(await gw.nameKind(7, 'R1', 'chargeback')).toBe(false);
      expect(state.writes).toBe(0);
    }
  });
});
