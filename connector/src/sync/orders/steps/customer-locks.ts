/**
 * The customer locks of an import batch (one per buyer key: two jobs importing orders of the same repeat buyer
 * must not both create the customer). A busy lock belongs to another job of the same moment, which holds it while
 * it finds or creates its customers: behind the ERP write gate (erpCalls.maxConcurrentWrites), so for up to a few
 * ERP calls of `erpCalls.targetCallSeconds` each, not the few hundred ms a fast ERP takes.
 *
 * Waiting beats deferring: a deferred order goes to a new job seconds later, which runs its own small ERP calls
 * (customers, create, confirm, dates: per-call overhead for a handful of orders) and, near the end of a backlog,
 * alone while the ERP waits for it. So the buyers are taken in two rounds: the first takes every key that is free,
 * resolves those customers and gives their keys back, then the job waits for the busy rest HOLDING NONE, and
 * takes it once all of it is free (or, at the patience's end, what is free then). A job never holds
 * a key while it waits for another, so waits cannot form a cycle (no deadlock) nor a chain (a job waits only for
 * jobs that are working on their customers, never for jobs that are themselves waiting: with keys kept while
 * waiting, as before, one job's wait added up those of the jobs it waited on, past the patience: 12 of 617 orders
 * deferred in the bench). A job with many buyers is not starved either: it resolves whichever are free at once.
 * Past the patience, or when the worker stops (the job's signal), the still busy keys' orders are deferred.
 */
import type { LockSession } from '../../../core/lock.ts';
import { abortableSleep } from '../../../core/abort.ts';

export interface CustomerLockOptions {
  /** How long to keep waiting for busy keys, in ms. */
  patienceMs: number;
  /** A stopping worker: the wait ends at once and the busy keys are returned (their orders deferred). */
  signal?: AbortSignal;
  /** The clock and the pause between tries (injected by tests; the pause may reject when the signal fires). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Patience from the ERP's pace: a holder queued behind a few writes of `targetCallSeconds`, at least 1.5 s. */
export function customerLockPatienceMs(targetCallSeconds: number): number {
  return Math.max(1_500, Math.round(3 * targetCallSeconds * 1000));
}

/**
 * Runs `work` on the keys of `keys` as they become free, each key held only during the `work` that got it (given
 * back even when it throws; the error ends the rounds); returns the keys still busy after the patience or an abort.
 */
export async function withCustomerLocks(
  locks: Pick<LockSession, 'tryLock' | 'unlock'>,
  keys: readonly string[],
  work: (obtained: string[]) => Promise<void>,
  opts: CustomerLockOptions,
): Promise<Set<string>> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? abortableSleep;
  const until = now() + opts.patienceMs;
  let rest = [...new Set(keys)].sort();
  for (let round = 0; ; round++) {
    // Not busy = held by this session now (a key it already held counts as obtained, as tryLock reports neither).
    const isBusy = new Set((await locks.tryLock(rest)).busy);
    const held = rest.filter((k) => !isBusy.has(k));
    const waitMore = isBusy.size > 0 && now() < until && !opts.signal?.aborted;
    if (round > 0 && waitMore) {
      // The waited-for rest is worked on in one go once all of it is free (each round costs the ERP a look-up
      // and a create call): until then or the patience's end, nothing is kept.
      await locks.unlock(held);
    } else if (held.length) {
      try {
        await work(held);
      } finally {
        await locks.unlock(held);
      }
    }
    if (round === 0 || !waitMore) rest = rest.filter((k) => isBusy.has(k));
    if (!rest.length || !waitMore) return new Set(rest);
    try {
      // A jittered pause, so that two waiting jobs do not retry in step.
      await sleep(50 + Math.floor(Math.random() * 100), opts.signal);
    } catch {
      return new Set(rest); // the worker is stopping
    }
  }
}
