/**
 * One snapshot or apply of a pool at a time, across workers and processes: a session advisory lock (core/lock.ts)
 * on `fba-stock:<backend>:<pool>`, so a count is never applied while another run compares with older figures,
 * nor while the fba flow validates a delivery of the pool.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockSession } from '../../core/lock.ts';
import type { CoreServices } from '../../core/services.ts';
import { poolLockKey } from '../fba/index.ts';

// The key is the fba flow's: its delivery pass takes the same lock around a delivery of the pool.
export { poolLockKey };

/** Runs `fn` holding the pool's lock; null when another run holds it longer than `waitMs`. */
export async function withPoolLock<T>(core: Pick<CoreServices, 'locker'>, backendId: number, pool: string, fn: (lock: LockSession) => Promise<T>, waitMs = 0): Promise<T | null> {
  const session = await core.locker.session();
  try {
    const until = Date.now() + waitMs;
    while (!(await session.tryLock([poolLockKey(backendId, pool)])).obtained.length) {
      if (Date.now() >= until) return null;
      await sleep(250);
    }
    return await fn(session);
  } finally {
    await session.close();
  }
}
