// The adaptation of batch sizes with INJECTED durations (no clock): an ERP model from timing.md answers each call
// with its duration, the sizer is told it, and the next size follows.
import { describe, expect, it } from 'vitest';
import { BatchSizer } from './batch-sizer.ts';
import { createErpPacing, endpointKey } from './erp-pacing.ts';

const TARGET_MS = 6_000;
/** A real Odoo 19 on 2 cores (timing.md): per-call overhead plus a cost per order, times the load factor. */
const odoo = { 'sale.order.create': { overhead: 70, perRecord: 11 }, 'sale.order.action_confirm': { overhead: 100, perRecord: 55 } };
const duration = (op: keyof typeof odoo, n: number, load = 1) => load * (odoo[op].overhead + odoo[op].perRecord * n);

/** Runs `calls` calls of `op` through the sizer against the model; returns the sizes sent. */
function drive(sizer: BatchSizer, op: keyof typeof odoo, calls: number, max: number, load = 1): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < calls; i++) {
    const n = sizer.next(op, max, TARGET_MS);
    sizes.push(n);
    sizer.observe(op, { records: n, durationMs: duration(op, n, load) }, TARGET_MS);
  }
  return sizes;
}

describe('BatchSizer', () => {
  it('starts with a probe, then sizes each operation to the target: confirmations ~5x smaller batches than creates', () => {
    const sizer = new BatchSizer();
    const confirms = drive(sizer, 'sale.order.action_confirm', 8, 500);
    const creates = drive(sizer, 'sale.order.create', 8, 500);
    expect(confirms[0]).toBe(50);
    expect(creates[0]).toBe(50);
    // Growth at most doubles what was proven within the target: 50 -> 100 -> ~107.
    expect(confirms[1]).toBeLessThanOrEqual(100);
    const lastConfirm = confirms.at(-1)!;
    expect(duration('sale.order.action_confirm', lastConfirm)).toBeLessThanOrEqual(TARGET_MS);
    expect(duration('sale.order.action_confirm', lastConfirm)).toBeGreaterThan(0.9 * TARGET_MS);
    // Creates reach the size that fits too (~530), within the caller's maximum.
    expect(creates.at(-1)).toBeGreaterThan(450);
    expect(creates.at(-1)).toBeLessThanOrEqual(500);
    expect(creates.at(-1)! / lastConfirm).toBeGreaterThan(4);
  });

  it('never exceeds the caller\'s maximum (the orders batchSize) nor goes below one', () => {
    const sizer = new BatchSizer();
    expect(drive(sizer, 'sale.order.create', 6, 200).every((n) => n <= 200)).toBe(true);
    sizer.observe('sale.order.create', { records: 1, durationMs: 60_000 }, TARGET_MS);
    expect(sizer.next('sale.order.create', 200, TARGET_MS)).toBe(1);
  });

  it('shrinks at once when the ERP slows down (a second caller doubles every call) and grows back gradually', () => {
    const sizer = new BatchSizer();
    const op = 'sale.order.action_confirm';
    const steady = drive(sizer, op, 6, 500).at(-1)!;
    // One slow call is enough: the very next batch fits the target at the slower pace.
    const slowN = sizer.next(op, 500, TARGET_MS);
    sizer.observe(op, { records: slowN, durationMs: duration(op, slowN, 2.5) }, TARGET_MS);
    const after = sizer.next(op, 500, TARGET_MS);
    expect(duration(op, after, 2.5)).toBeLessThanOrEqual(TARGET_MS * 1.05);
    expect(after).toBeLessThan(steady / 2);
    // Back to normal speed: each batch at most doubles the largest that stayed within the target.
    const recovering = drive(sizer, op, 10, 500);
    for (let i = 1; i < recovering.length; i++) expect(recovering[i]).toBeLessThanOrEqual(2 * Math.max(after, ...recovering.slice(0, i)));
    expect(recovering[1]).toBeLessThan(0.9 * steady);
    expect(recovering.at(-1)).toBeGreaterThan(0.9 * steady);
  });

  it('after a timeout sends a batch that would fit the target even at twice the deadline', () => {
    const sizer = new BatchSizer();
    const op = 'sale.order.action_confirm';
    sizer.observe(op, { records: 200, durationMs: 30_000, timedOut: true }, TARGET_MS);
    // The call ran at least 30 s for 200 orders (>= 150 ms each), taken as 60 s (300 ms each): 20 orders fit 6 s.
    expect(sizer.next(op, 500, TARGET_MS)).toBe(20);
  });

  it('a short tail call (overhead-heavy) does not shrink the batches of a steady run', () => {
    const sizer = new BatchSizer();
    const op = 'sale.order.action_confirm';
    const steady = drive(sizer, op, 6, 500).at(-1)!;
    sizer.observe(op, { records: 2, durationMs: duration(op, 2) }, TARGET_MS);
    expect(sizer.next(op, 500, TARGET_MS)).toBeGreaterThan(0.6 * steady);
  });

  it('takes the last few records of a job along (up to a quarter past the size), never past the caller\'s maximum', () => {
    const sizer = new BatchSizer();
    const op = 'sale.order.action_confirm';
    // Nothing learnt: the probe of 50 takes a job of 57 in one call, not 50 + 7.
    expect(sizer.next(op, 200, TARGET_MS, 57)).toBe(57);
    expect(sizer.next(op, 200, TARGET_MS, 63)).toBe(50);
    const steady = drive(sizer, op, 6, 500).at(-1)!; // ~107 orders fit 6 s
    expect(sizer.next(op, 500, TARGET_MS, steady + 20)).toBe(steady + 20);
    expect(sizer.next(op, 500, TARGET_MS, Math.ceil(steady * 1.3))).toBe(steady);
    // The taken-along call stays within the timeout's reach: at most ~7.5 s of a 6 s target.
    expect(duration(op, Math.floor(steady * 1.25))).toBeLessThan(1.3 * TARGET_MS);
    expect(sizer.next(op, 100, TARGET_MS, 110)).toBe(100);
  });
});

describe('ErpPacing', () => {
  it('shares the estimates per endpoint (URL + database): two backends on one Odoo learn together, another database apart', async () => {
    const pacing = createErpPacing();
    const settings = { targetCallSeconds: 6, maxConcurrentWrites: 1 };
    const a = pacing.forEndpoint('https://ERP.example.com/', 'prod', settings);
    const b = pacing.forEndpoint('https://erp.example.com', 'prod', { ...settings, targetCallSeconds: 3 });
    const other = pacing.forEndpoint('https://erp.example.com', 'staging', settings);
    a.sizer.observe('sale.order.action_confirm', { records: 100, durationMs: 12_000 }, a.targetMs);
    expect(b.sizer).toBe(a.sizer);
    expect(b.gate).toBe(a.gate);
    // Each backend keeps its own target over the shared estimate (120 ms per order).
    expect(a.sizer.next('sale.order.action_confirm', 500, a.targetMs)).toBe(50);
    expect(b.sizer.next('sale.order.action_confirm', 500, b.targetMs)).toBe(25);
    expect(other.sizer.perRecordMs('sale.order.action_confirm')).toBeNull();
    expect(endpointKey('https://erp.example.com/odoo/', 'prod')).toBe('https://erp.example.com/odoo|prod');
    await pacing.close();
  });
});
