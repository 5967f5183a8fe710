/**
 * One snapshot or apply of a pool at a time, across workers and processes: a session advisory lock (core/lock.ts)
 * on `fba-stock:<backend>:<pool>`, so a count is never applied while another run compares with older figures.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockSession } from '../../core/lock.ts';
import type { CoreServices } from '../../core/services.ts';

export const poolLockKey = (backendId: number, pool: string): string => `fba-stock:${backendId}:${pool}`;

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
