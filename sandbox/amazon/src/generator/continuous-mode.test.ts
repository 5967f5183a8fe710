import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../config.ts';
import { createState } from '../state.ts';
import { startContinuousMode } from './continuous-mode.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('continuous mode', () => {
  it('keeps creating orders at the configured rate and moves pending ones on', () => {
    vi.useFakeTimers({ now: Date.parse('2026-04-01T08:00:00Z') });
    const state = createState(resolveOptions({ seed: 5, now: () => Date.now() }));
    const stop = startContinuousMode(state, 120);
    vi.advanceTimersByTime(10_000);
    const first = state.opts.sellers.map((s) => [...state.store.list(s.sellerId)]);
    for (const orders of first) expect(orders).toHaveLength(20);
    const firstIds = first.flat().map((o) => o.orderId);
    const initial = first.flat().map((o) => o.status);
    expect(initial).toContain('PENDING');
    expect(initial.every((s) => s === 'PENDING' || s === 'UNSHIPPED' || s === 'SHIPPED')).toBe(true);

    vi.advanceTimersByTime(200_000);
    const later = firstIds.map((id) => state.store.get(id)!);
    expect(later.every((o) => o.status !== 'PENDING')).toBe(true);
    const moved = later.filter((o, i) => initial[i] === 'PENDING');
    expect(moved.length).toBeGreaterThan(0);
    for (const o of moved) expect(o.updatedMs).toBeGreaterThan(o.createdMs);
    expect(state.store.size).toBe(2 * 2 * 210);
    stop();
    vi.advanceTimersByTime(10_000);
    expect(state.store.size).toBe(2 * 2 * 210);
  });
});
