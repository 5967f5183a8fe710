import { describe, expect, it } from 'vitest';
import { assertRetryable, codesOffering, conflictActionsOf, flowActionOf, notRetryableCodes } from './conflict-actions.ts';
import { setupRetryDelaySeconds } from './backend-setup.ts';
import type { FlowDefinition } from './flow.ts';

const undo = {
  action: 'undo_in_erp',
  description: 'undo it in the ERP',
  unavailableWhy: 'something shipped',
  available: (c: { diff: unknown }) => !(c.diff as { shipped?: boolean } | null)?.shipped,
  run: async () => {},
};
const flows: Pick<FlowDefinition, 'conflictActions'>[] = [
  { conflictActions: undefined },
  { conflictActions: { FINAL_THING: { retry: false, why: 'it cannot change', notYet: [{ action: 'later_thing', why: 'not built yet' }] } } },
  { conflictActions: { UNDOABLE: { retry: false, why: 'final', actions: [undo] } } },
];
const conflict = (code: string, diff: unknown = null) => ({ id: 1, backendId: 1, kind: 'order', amazonKey: 'A', code, amazonSnapshot: null, erpSnapshot: null, diff });

describe('conflict actions', () => {
  it('a code no flow declares offers retry and dismiss', () => {
    expect(conflictActionsOf(flows, conflict('SKU_UNMAPPED')).map((a) => [a.action, a.available])).toEqual([['retry', true], ['dismiss', true]]);
    expect(() => assertRetryable(flows, 'SKU_UNMAPPED')).not.toThrow();
  });

  it('a declared code refuses retry with CONFLICT_NOT_RETRYABLE and lists what is not built yet as unavailable', () => {
    expect(conflictActionsOf(flows, conflict('FINAL_THING'))).toEqual([
      { action: 'retry', available: false, description: 'retry is not offered: it cannot change' },
      { action: 'dismiss', available: true, description: expect.any(String) },
      { action: 'later_thing', available: false, description: 'not built yet' },
    ]);
    expect(notRetryableCodes(flows)).toEqual(['FINAL_THING', 'UNDOABLE']);
    expect(() => assertRetryable(flows, 'FINAL_THING', { id: 7 })).toThrow(expect.objectContaining({ code: 'CONFLICT_NOT_RETRYABLE', details: { code: 'FINAL_THING', id: 7 } }));
  });
});

describe('flow conflict actions', () => {
  it('are listed as they fit the conflict now, and found by code and name', () => {
    expect(conflictActionsOf(flows, conflict('UNDOABLE')).find((a) => a.action === 'undo_in_erp')).toEqual({ action: 'undo_in_erp', available: true, description: 'undo it in the ERP' });
    expect(conflictActionsOf(flows, conflict('UNDOABLE', { shipped: true })).find((a) => a.action === 'undo_in_erp')).toEqual({
      action: 'undo_in_erp', available: false, description: 'undo_in_erp is not offered now: something shipped',
    });
    expect(flowActionOf(flows, 'UNDOABLE', 'undo_in_erp')).toBe(undo);
    expect(flowActionOf(flows, 'FINAL_THING', 'undo_in_erp')).toBeNull();
    expect(codesOffering(flows, 'undo_in_erp')).toEqual(['UNDOABLE']);
  });
});

describe('set-up retry backoff', () => {
  it('doubles from the first wait and stops at the maximum', () => {
    const policy = { firstSeconds: 5, maxSeconds: 300 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => setupRetryDelaySeconds(n, policy))).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
  });
});
