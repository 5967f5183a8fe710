/**
 * Continuous mode (the demo): every second, new orders for each seller at `ordersPerMinute`, and the lifecycle of
 * fresh ones moves on: most PENDING orders become UNSHIPPED after a while (with their prices, if Amazon held them
 * back), a few are cancelled; a pre-order (PENDING_AVAILABILITY) becomes PENDING on its release, then goes the same way.
 * Amazon ships FBA orders by itself: an UNSHIPPED FBA order (fresh, released, or already there when the mode
 * starts) becomes SHIPPED after FBA_SHIP_MS, in sandbox time (divided by timeScale).
 * With `cancellationsPerHour` / `buyerCancelRequestsPerHour` (per seller, real hours; off unless set), Amazon
 * cancels open orders and buyers ask to cancel unshipped merchant orders (the demo's cancellations).
 */
import { updateOrder } from '../admin/admin-ops.ts';
import { buyerCancelRequest, cancelOrder } from '../admin/cancellations.ts';
import type { SandboxState } from '../state.ts';
import { createRng, mixSeed } from './prng.ts';

const TICK_MS = 1000;
/** A pending order waits this long (on average) before Amazon releases it. */
const PENDING_MEAN_MS = 90_000;
const CANCEL_SHARE = 0.05;
/** How long Amazon takes to ship an FBA order once it is UNSHIPPED, in sandbox ms (a range: drawn per order). */
export const FBA_SHIP_MS: readonly [number, number] = [3 * 60_000, 20 * 60_000];

const isFba = (o: { fulfilledBy: string | undefined } | undefined) => o?.fulfilledBy === 'AMAZON';

/** Starts the timers; returns the function that stops them. */
export function startContinuousMode(state: SandboxState, ordersPerMinute: number): () => void {
  const pending = new Map<string, number>(); // orderId -> time it changes state
  const carry = new Map<string, number>();
  const fbaShip = new Map<string, number>(); // orderId -> time Amazon ships it
  let tick = 0;
  const shipRng = createRng(mixSeed(state.opts.seed, 'fba-ship'));
  const scheduleShip = (orderId: string, now: number) =>
    fbaShip.set(orderId, now + shipRng.int(FBA_SHIP_MS[0], FBA_SHIP_MS[1]) / state.opts.timeScale);
  for (const s of state.sellers.values()) {
    for (const o of state.store.list(s.sellerId)) if (isFba(o) && o.status === 'UNSHIPPED') scheduleShip(o.orderId, state.now());
  }
  const timer = setInterval(() => {
    const now = state.now();
    const rng = createRng(mixSeed(state.opts.seed, 'tick', tick++));
    for (const s of state.sellers.values()) {
      const due = (carry.get(s.sellerId) ?? 0) + (ordersPerMinute * TICK_MS) / 60_000;
      const n = Math.floor(due);
      carry.set(s.sellerId, due - n);
      if (n === 0) continue;
      const orders = state.generator.generate(s.sellerId, { count: n, createdFrom: now, createdTo: now, horizonMs: now,
        lifecycle: 'fresh' }, (id) => state.store.has(id));
      for (const o of orders) {
        const stored = state.store.put(s.sellerId, o);
        if (stored.status === 'PENDING' || stored.status === 'PENDING_AVAILABILITY') {
          pending.set(stored.orderId, now + rng.int(PENDING_MEAN_MS / 3, PENDING_MEAN_MS * 2));
        } else if (isFba(stored) && stored.status === 'UNSHIPPED') scheduleShip(stored.orderId, now);
      }
    }
    for (const [orderId, at] of pending) {
      if (at > now) continue;
      pending.delete(orderId);
      const stored = state.store.get(orderId);
      if (stored?.status === 'PENDING_AVAILABILITY') {
        // Released: payment authorisation begins, the order is an ordinary pending one from now on.
        updateOrder(state, orderId, { fulfillmentStatus: 'PENDING' });
        pending.set(orderId, now + rng.int(PENDING_MEAN_MS / 3, PENDING_MEAN_MS * 2));
        continue;
      }
      if (stored?.status !== 'PENDING') continue; // changed by the admin API meanwhile, or reset
      const next = rng.chance(CANCEL_SHARE) ? 'CANCELLED' : 'UNSHIPPED';
      updateOrder(state, orderId, { fulfillmentStatus: next });
      if (next === 'UNSHIPPED' && isFba(stored)) scheduleShip(orderId, now);
    }
    cancellationsTick(state, rng, carry);
    for (const [orderId, at] of fbaShip) {
      if (at > now) continue;
      fbaShip.delete(orderId);
      const stored = state.store.get(orderId);
      // Changed by the admin API meanwhile (shipped, cancelled), or gone with a reset: nothing to ship.
      if (isFba(stored) && stored!.status === 'UNSHIPPED') updateOrder(state, orderId, { fulfillmentStatus: 'SHIPPED' });
    }
  }, TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

const OPEN = ['PENDING', 'UNSHIPPED'];

/** Amazon's cancellations and buyers' cancel requests of this tick, at their hourly rates (carry keeps fractions). */
function cancellationsTick(state: SandboxState, rng: ReturnType<typeof createRng>, carry: Map<string, number>): void {
  const { cancellationsPerHour, buyerCancelRequestsPerHour } = state.opts;
  if (cancellationsPerHour <= 0 && buyerCancelRequestsPerHour <= 0) return;
  const due = (key: string, perHour: number): number => {
    const d = (carry.get(key) ?? 0) + (perHour * TICK_MS) / 3_600_000;
    const n = Math.floor(d + 1e-9); // 0.1 added ten times is 0.9999999999999999
    carry.set(key, d - n);
    return n;
  };
  for (const s of state.sellers.values()) {
    for (let i = due(`cancel:${s.sellerId}`, cancellationsPerHour); i > 0; i--) {
      const open = state.store.list(s.sellerId).filter((o) => OPEN.includes(o.status ?? ''));
      if (open.length === 0) break;
      cancelOrder(state, open[rng.int(0, open.length - 1)]!.orderId, { by: 'AMAZON' });
    }
    for (let i = due(`request:${s.sellerId}`, buyerCancelRequestsPerHour); i > 0; i--) {
      const open = state.store.list(s.sellerId).filter((o) => o.status === 'UNSHIPPED' && o.fulfilledBy === 'MERCHANT'
        && !JSON.stringify(o.order.orderItems ?? []).includes('cancellationRequest'));
      if (open.length === 0) break;
      buyerCancelRequest(state, open[rng.int(0, open.length - 1)]!.orderId, {});
    }
  }
}
