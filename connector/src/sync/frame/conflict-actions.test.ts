import { describe, expect, it } from 'vitest';
import { assertRetryable, conflictActionsOf, notRetryableCodes } from './conflict-actions.ts';
import { setupRetryDelaySeconds } from './backend-setup.ts';

const flows = [
  { conflictActions: undefined },
  { conflictActions: { FINAL_THING: { retry: false, why: 'it cannot change', notYet: [{ action: 'undo_in_erp', why: 'not built yet' }] } } },
];

describe('conflict actions', () => {
  it('a code no flow declares offers retry and dismiss', () => {
    expect(conflictActionsOf(flows, 'SKU_UNMAPPED').map((a) => [a.action, a.available])).toEqual([['retry', true], ['dismiss', true]]);
    expect(() => assertRetryable(flows, 'SKU_UNMAPPED')).not.toThrow();
  });

  it('a declared code refuses retry with CONFLICT_NOT_RETRYABLE and lists what is not built yet as unavailable', () => {
    expect(conflictActionsOf(flows, 'FINAL_THING')).toEqual([
      { action: 'retry', available: false, description: 'retry is not offered: it cannot change' },
      { action: 'dismiss', available: true, description: expect.any(String) },
      { action: 'undo_in_erp', available: false, description: 'not built yet' },
    ]);
    expect(notRetryableCodes(flows)).toEqual(['FINAL_THING']);
    expect(() => assertRetryable(flows, 'FINAL_THING', { id: 7 })).toThrow(expect.objectContaining({ code: 'CONFLICT_NOT_RETRYABLE', details: { code: 'FINAL_THING', id: 7 } }));
  });
});

describe('set-up retry backoff', () => {
  it('doubles from the first wait and stops at the maximum', () => {
    const policy = { firstSeconds: 5, maxSeconds: 300 };
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => setupRetryDelaySeconds(n, policy))).toEqual([5, 10, 20, 40, 80, 160, 300, 300]);
  });
});
