// The split-on-failure logic on its own, with an in-memory sender standing in for the ERP.
import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError, type SyncError } from '../core/errors.ts';
import { sendWithFallback } from './batch-fallback.ts';

/** A sender that refuses (all or nothing, like one Odoo transaction) any chunk holding a poisoned item. */
function erpLike(poisoned: Set<number>, failWith: (n: number) => SyncError = (n) => new PermanentError('ERP_VALIDATION', `bad ${n}`)) {
  const chunks: number[][] = [];
  const send = async (chunk: readonly number[]): Promise<string[]> => {
    chunks.push([...chunk]);
    const bad = chunk.find((n) => poisoned.has(n));
    if (bad !== undefined) throw failWith(bad);
    return chunk.map((n) => `id-${n}`);
  };
  return { chunks, send };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('sendWithFallback', () => {
  it('sends everything in the fewest calls when nothing fails, the records split evenly over them', async () => {
    const erp = erpLike(new Set());
    const results = await sendWithFallback(range(450), 200, erp.send);
    // three calls either way; not 200 + 200 + 50, a last call mostly per-call overhead
    expect(erp.chunks.map((c) => c.length)).toEqual([150, 150, 150]);
    expect(erp.chunks.flat()).toEqual(range(450));
    expect(results.every((r, i) => r.ok && r.value === `id-${i}`)).toBe(true);
  });

  it('cuts evenly from what the sizer allows at each call (a size that grows mid-way regroups the rest)', async () => {
    const erp = erpLike(new Set());
    const sizes = [100, 200];
    await sendWithFallback(range(250), { nextSize: () => sizes.shift() ?? 200 }, erp.send);
    expect(erp.chunks.map((c) => c.length)).toEqual([84, 166]);
  });

  it('isolates one bad record of 64 in about 2*log2(64) extra calls, the others succeed in order', async () => {
    const erp = erpLike(new Set([37]));
    const results = await sendWithFallback(range(64), 64, erp.send);
    expect(erp.chunks.length).toBe(1 + 2 * 6);
    const failed = results.flatMap((r, i) => (r.ok ? [] : [i]));
    expect(failed).toEqual([37]);
    expect(results[36]).toEqual({ ok: true, value: 'id-36' });
    const bad = results[37]!;
    expect(!bad.ok && bad.error.code).toBe('ERP_VALIDATION');
    expect(!bad.ok && bad.error.message).toBe('bad 37');
  });

  it('gives each of several bad records its own error', async () => {
    const erp = erpLike(new Set([0, 9, 10]));
    const results = await sendWithFallback(range(64), 64, erp.send);
    expect(results.flatMap((r, i) => (r.ok ? [] : [i]))).toEqual([0, 9, 10]);
    // At most 2*log2(64) extra calls per bad record, shared where they sit close together.
    expect(erp.chunks.length).toBeLessThanOrEqual(1 + 3 * 2 * 6);
  });

  it('stops at a retryable error: the unsent rest get that error, already created records keep their ids', async () => {
    const erp = erpLike(new Set([250]), () => new RetryableError('ERP_TIMEOUT', 'slow'));
    const results = await sendWithFallback(range(600), 200, erp.send);
    expect(erp.chunks.length).toBe(2);
    expect(results.slice(0, 200).every((r) => r.ok)).toBe(true);
    expect(results.slice(200).every((r) => !r.ok && r.error.code === 'ERP_TIMEOUT')).toBe(true);
  });

  it('does not split on errors no single record causes (access denied): every record gets it, one call', async () => {
    const erp = erpLike(new Set([3]), () => new PermanentError('ERP_ACCESS_DENIED', 'no'));
    const results = await sendWithFallback(range(10), 5, erp.send);
    expect(erp.chunks.length).toBe(1);
    expect(results.every((r) => !r.ok && r.error.code === 'ERP_ACCESS_DENIED')).toBe(true);
  });
});

describe('sendWithFallback after a timeout (the ERP may have done the batch anyway)', () => {
  const timeout = () => new RetryableError('ERP_TIMEOUT', 'no answer within 30000 ms');

  it('re-reads before re-sending: what the ERP did keeps the value it read, only the rest is sent again', async () => {
    const chunks: number[][] = [];
    const send = async (chunk: readonly number[]) => {
      chunks.push([...chunk]);
      if (chunks.length === 1) throw timeout();
      return chunk.map((n) => `sent-${n}`);
    };
    // The timed-out call got the even ones through (a real Odoo call is all or nothing; the mix shows the routing).
    const reconcile = async (chunk: readonly number[]) => chunk.map((n) => (n % 2 === 0 ? `found-${n}` : undefined));
    const sizes = [10, 3, 3, 3];
    const results = await sendWithFallback(range(10), { nextSize: () => sizes.shift() ?? 3, reconcile }, send);
    expect(chunks).toEqual([range(10), [1, 3, 5], [7, 9]]);
    expect(results.map((r) => r.ok && r.value)).toEqual(range(10).map((n) => (n % 2 === 0 ? `found-${n}` : `sent-${n}`)));
  });

  it('never sends an item a third time: a second timeout keeps what the re-read found, stops the rest', async () => {
    const chunks: number[][] = [];
    const send = async (chunk: readonly number[]) => {
      chunks.push([...chunk]);
      throw timeout();
    };
    const reconcile = async (chunk: readonly number[]) => chunk.map((n) => (n === 1 && chunks.length > 1 ? 'late' : undefined));
    const results = await sendWithFallback(range(6), { nextSize: () => 3, reconcile }, send);
    expect(chunks).toEqual([[0, 1, 2], [0, 1, 2]]);
    expect(results[1]).toEqual({ ok: true, value: 'late' });
    expect(results.filter((r) => !r.ok && r.error.code === 'ERP_TIMEOUT')).toHaveLength(5);
  });

  it('sends nothing again when the ERP cannot be re-read', async () => {
    const erp = erpLike(new Set([0]), timeout);
    const results = await sendWithFallback(range(8), { nextSize: () => 4, reconcile: async () => { throw timeout(); } }, erp.send);
    expect(erp.chunks).toEqual([[0, 1, 2, 3]]);
    expect(results.every((r) => !r.ok && r.error.code === 'ERP_TIMEOUT')).toBe(true);
  });

  it('a refused batch is re-read once: items another call already did are done, not failed', async () => {
    const done = new Set([2, 5]);
    const chunks: number[][] = [];
    const send = async (chunk: readonly number[]) => {
      chunks.push([...chunk]);
      if (chunk.some((n) => done.has(n))) throw new PermanentError('ERP_USER_ERROR', 'Some orders are not in a state requiring confirmation.');
      return chunk.map(() => true);
    };
    const reconcile = async (chunk: readonly number[]) => chunk.map((n) => (done.has(n) ? null : undefined));
    const results = await sendWithFallback<number, boolean | null>(range(8), { nextSize: () => 8, reconcile }, send);
    expect(chunks).toEqual([range(8), [0, 1, 3, 4, 6, 7]]);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});
