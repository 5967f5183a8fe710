import { describe, expect, it } from 'vitest';
import { conflictUrgency, isoAt } from './conflict-urgency.ts';
import type { FlowConflictKind } from './flow-conflicts.ts';

const rerun = async () => {};
const kinds: FlowConflictKind[] = [
  { kind: 'order', dueAtOf: (s) => isoAt(s, ['fulfillment', 'shipByWindow', 'latestDateTime']), rerun },
  { kind: 'broken', dueAtOf: () => { throw new Error('bad snapshot'); }, rerun },
];
const flows = [{ conflictKinds: kinds }];
const money = new Set(['TOTAL_MISMATCH']);

describe('conflict urgency', () => {
  it("money: the catalogue's money codes, whatever the kind", () => {
    expect(conflictUrgency(flows, money, { kind: 'order', code: 'TOTAL_MISMATCH' }).money).toBe(true);
    expect(conflictUrgency(flows, money, { kind: 'invoice', code: 'TOTAL_MISMATCH' }).money).toBe(true);
    expect(conflictUrgency(flows, money, { kind: 'order', code: 'SKU_UNMAPPED' }).money).toBe(false);
  });

  it('reads the ship-by deadline of the snapshot; an unreadable one is none, never a failed raise', () => {
    const due = conflictUrgency(flows, money, { kind: 'order', code: 'SKU_UNMAPPED', amazonSnapshot: { fulfillment: { shipByWindow: { latestDateTime: '2026-12-03T23:59:59Z' } } } });
    expect(due).toEqual({ money: false, dueAt: new Date('2026-12-03T23:59:59Z') });
    expect(conflictUrgency(flows, money, { kind: 'order', code: 'X', amazonSnapshot: { fulfillment: { shipByWindow: { latestDateTime: 'tomorrow' } } } }).dueAt).toBeNull();
    expect(conflictUrgency(flows, money, { kind: 'order', code: 'X' }).dueAt).toBeNull();
    expect(conflictUrgency(flows, money, { kind: 'broken', code: 'X', amazonSnapshot: {} }).dueAt).toBeNull();
  });
});
