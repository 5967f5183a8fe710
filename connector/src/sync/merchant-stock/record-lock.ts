/**
 * One holder at a time across workers and processes: a session advisory lock (core/lock.ts) held around work that
 * must not overlap itself (a backend's recompute). Waits for the holder up to ~30 s, then gives the job back.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryableError } from '../../core/errors.ts';
import { LOCK_BUSY_RETRY_MS } from '../../core/lock.ts';
import type { CoreServices } from '../../core/services.ts';

/** Runs `fn` holding `key`; null only when busy and not waiting. */
export async function withRecordLock<T>(core: Pick<CoreServices, 'locker'>, key: string, fn: () => Promise<T>, opts: { wait?: boolean } = {}): Promise<T | null> {
  const session = await core.locker.session();
  try {
    for (let attempt = 0; ; attempt++) {
      if ((await session.tryLock([key])).obtained.length) break;
      if (!opts.wait) return null;
      if (attempt >= 120) {
        const busy = new RetryableError('LOCK_BUSY', `${key} stayed locked by another worker`);
        busy.retryAfterMs = LOCK_BUSY_RETRY_MS;
        throw busy;
      }
      await sleep(250);
    }
    return await fn();
  } finally {
    await session.close();
  }
}
