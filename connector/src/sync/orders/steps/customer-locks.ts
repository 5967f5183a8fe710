/**
 * The customer locks of an import batch (one per buyer key: two jobs importing orders of the same repeat buyer
 * must not both create the customer). A busy lock belongs to another job of the same moment, which holds it while
 * it finds or creates its customers: behind the ERP write gate (erpCalls.maxConcurrentWrites), so for up to a few
 * ERP calls of `erpCalls.targetCallSeconds` each, not the few hundred ms a fast ERP takes.
 *
 * Waiting that long beats deferring: a deferred order goes to a new job seconds later, which runs its own small
 * ERP calls (customers, create, confirm, dates: per-call overhead for a handful of orders) and, near the end of a
 * backlog, alone while the ERP waits for it. While waiting, a job holds NONE of its customer locks (all or none
 * per try): two jobs each holding a buyer the other wants would otherwise wait on each other until the patience
 * ran out. Past the patience, the free locks are kept and only the busy ones' orders are deferred.
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
  for (;;) {
    const { obtained, busy } = await locks.tryLock(keys);
    if (!busy.length || now() >= until) return new Set(busy);
    // None held while waiting (see above); a jittered pause so that two waiting jobs do not retry in step.
    await locks.unlock(obtained);
    await sleep(50 + Math.floor(Math.random() * 100));
  }
}
