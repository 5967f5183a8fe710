import { describe, expect, it } from 'vitest';
import { conflictUrgency, isoAt, isMoneyConflict } from './conflict-urgency.ts';
import type { FlowConflictKind } from './flow.ts';

const rerun = async () => {};
const kinds: FlowConflictKind[] = [
  { kind: 'invoice', money: true, rerun },
  { kind: 'order', moneyCodes: ['TOTAL_MISMATCH'], dueAtOf: (s) => isoAt(s, ['fulfillment', 'shipByWindow', 'latestDateTime']), rerun },
  { kind: 'broken', dueAtOf: () => { throw new Error('bad snapshot'); }, rerun },
];
const flows = [{ conflictKinds: kinds }];

describe('conflict urgency from the flows declarations', () => {
  it('money by kind or by code; nothing else is', () => {
    expect(isMoneyConflict(flows, { kind: 'invoice', code: 'INVOICE_PDF_MISSING' })).toBe(true);
    expect(isMoneyConflict(flows, { kind: 'order', code: 'TOTAL_MISMATCH' })).toBe(true);
    expect(isMoneyConflict(flows, { kind: 'order', code: 'SKU_UNMAPPED' })).toBe(false);
    expect(isMoneyConflict(flows, { kind: 'unknown', code: 'TOTAL_MISMATCH' })).toBe(false);
  });

  it("reads the ship-by deadline of the snapshot; an unreadable one is none, never a failed raise", () => {
    const due = conflictUrgency(flows, { kind: 'order', code: 'SKU_UNMAPPED', amazonSnapshot: { fulfillment: { shipByWindow: { latestDateTime: '2026-12-03T23:59:59Z' } } } });
    expect(due).toEqual({ money: false, dueAt: new Date('2026-12-03T23:59:59Z') });
    expect(conflictUrgency(flows, { kind: 'order', code: 'X', amazonSnapshot: { fulfillment: { shipByWindow: { latestDateTime: 'tomorrow' } } } }).dueAt).toBeNull();
    expect(conflictUrgency(flows, { kind: 'order', code: 'X' }).dueAt).toBeNull();
    expect(conflictUrgency(flows, { kind: 'broken', code: 'X', amazonSnapshot: {} }).dueAt).toBeNull();
  });
});
