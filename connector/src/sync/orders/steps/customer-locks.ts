/**
 * The customer locks of an import batch (one per buyer key: two jobs importing orders of the same repeat buyer
 * must not both create the customer). A busy lock belongs to another job of the same moment, which holds it while
 * it finds or creates its customers: behind the ERP write gate (erpCalls.maxConcurrentWrites), so for up to a few
 * ERP calls of `erpCalls.targetCallSeconds` each, not the few hundred ms a fast ERP takes.
 *
 * Waiting that long beats deferring: a deferred order goes to a new job seconds later, which runs its own small
 * ERP calls (customers, create, confirm, dates: per-call overhead for a handful of orders) and, near the end of a
 * backlog, alone while the ERP waits for it. The keys are taken in one global order (sorted), and while a job
 * waits for a key it holds none after it: two jobs each holding a buyer the other wants would otherwise wait on
 * each other until the patience ran out (lock ordering: no cycle, so no such wait), and unlike giving back every
 * key per try, a job with many buyers is not starved by others taking some of them meanwhile. Past the patience,
 * the free locks are kept and only the busy ones' orders are deferred.
 */
import type { LockSession } from '../../../core/lock.ts';

export interface CustomerLockOptions {
  /** How long to keep trying, in ms. */
  patienceMs: number;
  /** The clock and the pause between tries (injected by tests). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Patience from the ERP's pace: a holder queued behind a few writes of `targetCallSeconds`, at least 1.5 s. */
export function customerLockPatienceMs(targetCallSeconds: number): number {
  return Math.max(1_500, Math.round(3 * targetCallSeconds * 1000));
}

/** Takes `keys` on `locks`; returns the keys still busy after the patience (their orders are deferred). */
export async function lockCustomers(locks: Pick<LockSession, 'tryLock' | 'unlock'>, keys: readonly string[], opts: CustomerLockOptions): Promise<Set<string>> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const until = now() + opts.patienceMs;
  const sorted = [...new Set(keys)].sort();
  /** The keys before `from` are held: each try asks for the rest. */
  let from = 0;
  for (;;) {
    const { busy } = await locks.tryLock(sorted.slice(from));
    if (!busy.length || now() >= until) return new Set(busy);
    const isBusy = new Set(busy);
    const first = sorted.findIndex((k, i) => i >= from && isBusy.has(k));
    // Keep the keys before the first busy one; give back those after it (never held while waiting on a lower key).
    await locks.unlock(sorted.slice(first + 1).filter((k) => !isBusy.has(k)));
    from = first;
    // A jittered pause, so that two waiting jobs do not retry in step.
    await sleep(50 + Math.floor(Math.random() * 100));
  }
}
