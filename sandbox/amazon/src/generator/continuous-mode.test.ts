import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SELLERS, resolveOptions } from '../config.ts';
import * as ops from '../admin/admin-ops.ts';
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

  it('ships FBA orders over time (sandbox time, scaled): placed PENDING / UNSHIPPED, SHIPPED later, stock taken', () => {
    vi.useFakeTimers({ now: Date.parse('2026-04-01T08:00:00Z') });
    const sellers = DEFAULT_SELLERS.map((s) => ({ ...s, world: { fba: 1 } }));
    const state = createState(resolveOptions({ seed: 6, now: () => Date.now(), sellers, timeScale: 10 }));
    // Summed over the pool's SKUs (multi-line FBA orders carry regular SKUs too).
    const stock = () => state.fbaStock.list(sellers[0]!.sellerId, 'EU').reduce((t, r) => ({ fulfillable: t.fulfillable + r.fulfillable,
      reserved: { pendingCustomerOrder: t.reserved.pendingCustomerOrder + r.reserved.pendingCustomerOrder } }),
    { fulfillable: 0, reserved: { pendingCustomerOrder: 0 } });
    const start = stock();
    ops.generateOrders(state, { sellerId: sellers[0]!.sellerId, count: 3, fulfilledBy: 'AMAZON', status: 'UNSHIPPED', marketplaceId: 'A1PA6795UKMFR9' });
    const seeded = state.store.list(sellers[0]!.sellerId).map((o) => o.orderId);
    const stop = startContinuousMode(state, 30);
    vi.advanceTimersByTime(10_000);
    const fresh = state.opts.sellers.flatMap((s) => [...state.store.list(s.sellerId)]).filter((o) => !seeded.includes(o.orderId));
    expect(fresh.length).toBe(10);
    expect(new Set(fresh.map((o) => o.status))).toEqual(new Set(['PENDING', 'UNSHIPPED']));
    // Released after 30 s - 3 min (real), shipped 3 - 20 sandbox minutes later: 18 - 120 s at timeScale 10.
    vi.advanceTimersByTime(320_000);
    stop();
    for (const id of [...seeded, ...fresh.map((o) => o.orderId)]) {
      const o = state.store.get(id)!;
      expect(['SHIPPED', 'CANCELLED'], id).toContain(o.status);
      if (o.status !== 'SHIPPED') continue;
      expect(o.updatedMs).toBeGreaterThan(o.createdMs);
      expect(o.order.packages).toBeUndefined();
      for (const it of o.order.orderItems as Obj[]) expect(it.fulfillment.quantityUnfulfilled).toBe(0);
    }
    // Every FBA order of the EU pool reserved its units when placed: shipped ones took them, open ones hold them.
    const euPool = state.store.list(sellers[0]!.sellerId).filter((o) => o.marketplaceId !== 'A1F83G8C2ARO7P');
    const units = (status: string[]) => euPool.filter((o) => status.includes(o.status!))
      .flatMap((o) => o.order.orderItems as Obj[]).reduce((n, it) => n + it.quantityOrdered, 0);
    expect(units(['SHIPPED'])).toBeGreaterThan(0);
    expect(stock().fulfillable).toBe(start.fulfillable - units(['SHIPPED']) - units(['PENDING', 'UNSHIPPED']));
    expect(stock().reserved.pendingCustomerOrder).toBe(start.reserved.pendingCustomerOrder + units(['PENDING', 'UNSHIPPED']));
  });

  it('cancels open orders (Amazon) and sends buyer cancel requests at their hourly rates, when set', () => {
    vi.useFakeTimers({ now: Date.parse('2026-04-01T08:00:00Z') });
    const state = createState(resolveOptions({ seed: 9, now: () => Date.now(), cancellationsPerHour: 360,
      buyerCancelRequestsPerHour: 360 }));
    ops.generateOrders(state, { count: 40, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
    const stop = startContinuousMode(state, 0);
    vi.advanceTimersByTime(60_000); // 6 of each per seller
    stop();
    const items = (o: { order: Obj }) => o.order.orderItems as Obj[];
    for (const s of state.opts.sellers) {
      const all = state.store.list(s.sellerId);
      const byAmazon = all.filter((o) => o.status === 'CANCELLED' && items(o)[0]!.cancellation?.cancellationExecution?.cancelledBy === 'AMAZON');
      expect(byAmazon).toHaveLength(6);
      const asked = all.filter((o) => o.status === 'UNSHIPPED' && items(o).every((i) => i.cancellation?.cancellationRequest?.requester === 'BUYER'));
      expect(asked.length).toBeGreaterThanOrEqual(6);
    }
  });
});
