/**
 * One record at a time across workers and processes: a session advisory lock (core/lock.ts) held around a remote
 * write that must happen once (a pool's warehouse, its seed, an order's delivery). `wait: true` (the set-up,
 * which two processes may run at once at boot) waits for the holder; otherwise a busy record is left to the next pass.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LockSession } from '../../core/lock.ts';
import type { CoreServices } from '../../core/services.ts';
import { RetryableError } from '../../core/errors.ts';

/** Runs `fn` holding `key`; null when busy and not waiting (or still busy after ~30 s of waiting). */
export async function withRecordLock<T>(core: Pick<CoreServices, 'locker'>, key: string, fn: (lock: LockSession) => Promise<T>, opts: { wait?: boolean } = {}): Promise<T | null> {
  const session = await core.locker.session();
  try {
    for (let attempt = 0; ; attempt++) {
      const { obtained } = await session.tryLock([key]);
      if (obtained.length) break;
      if (!opts.wait) return null;
      if (attempt >= 120) throw new RetryableError('LOCK_BUSY', `${key} stayed locked by another worker`);
      await sleep(250);
    }
    return await fn(session);
  } finally {
    await session.close();
  }
}
