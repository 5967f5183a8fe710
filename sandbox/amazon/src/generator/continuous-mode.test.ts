import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SELLERS, resolveOptions } from '../config.ts';
import { createState } from '../state.ts';
import { startContinuousMode } from './continuous-mode.ts';
import { LEGACY_WORLD } from './world-shares.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

afterEach(() => {
  vi.useRealTimers();
});

describe('continuous mode', () => {
  it('keeps creating orders at the configured rate and moves pending ones on', () => {
    vi.useFakeTimers({ now: Date.parse('2026-04-01T08:00:00Z') });
    // The mix before issue 8 (statuses PENDING / UNSHIPPED / SHIPPED only), pinned.
    const sellers = DEFAULT_SELLERS.map((s) => ({ ...s, world: LEGACY_WORLD }));
    const state = createState(resolveOptions({ seed: 5, now: () => Date.now(), sellers }));
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

  it('releases pre-orders to PENDING, then to UNSHIPPED, and shows held-back prices once released', () => {
    vi.useFakeTimers({ now: Date.parse('2026-04-01T08:00:00Z') });
    const world = { fba: 0, freshStatus: [['PENDING', 0.5], ['PENDING_AVAILABILITY', 0.5]] as const, pendingWithoutPrices: 1 };
    const sellers = DEFAULT_SELLERS.map((s) => ({ ...s, world }));
    const state = createState(resolveOptions({ seed: 5, now: () => Date.now(), sellers }));
    const stop = startContinuousMode(state, 60);
    vi.advanceTimersByTime(20_000);
    const first = state.opts.sellers.flatMap((s) => [...state.store.list(s.sellerId)]);
    const pre = first.filter((o) => o.status === 'PENDING_AVAILABILITY').map((o) => o.orderId);
    const unpriced = first.filter((o) => o.status === 'PENDING' && !o.order.proceeds).map((o) => o.orderId);
    expect(pre.length).toBeGreaterThan(0);
    expect(unpriced.length).toBeGreaterThan(0);
    vi.advanceTimersByTime(600_000);
    stop();
    for (const id of [...pre, ...unpriced]) {
      const o = state.store.get(id)!;
      expect(['UNSHIPPED', 'CANCELLED']).toContain(o.status);
      const order = o.order as Obj;
      expect(order.proceeds).toBeDefined();
      for (const i of order.orderItems as Obj[]) expect(i.product.price.unitPrice).toBeDefined();
    }
  });
});
