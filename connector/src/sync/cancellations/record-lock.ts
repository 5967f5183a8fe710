/**
 * One order at a time across workers and processes: a session advisory lock (core/lock.ts) around the ERP writes
 * that must happen once (a cancellation, a note). A busy order is handed back (the caller retries the job later).
 */
import type { LockSession } from '../../core/lock.ts';
import type { CoreServices } from '../../core/services.ts';
import { RetryableError } from '../../core/errors.ts';

export const lockKeyOf = (backendId: number, amazonOrderId: string): string => `cancellation:${backendId}:${amazonOrderId}`;

/** Runs `fn` holding the order's lock; throws LOCK_BUSY (retryable) when another worker holds it. */
export async function withOrderLock<T>(core: Pick<CoreServices, 'locker'>, backendId: number, amazonOrderId: string, fn: (lock: LockSession) => Promise<T>): Promise<T> {
  const session = await core.locker.session();
  try {
    const { obtained } = await session.tryLock([lockKeyOf(backendId, amazonOrderId)]);
    if (!obtained.length) throw new RetryableError('LOCK_BUSY', `order ${amazonOrderId} is being handled by another worker`);
    return await fn(session);
  } finally {
    await session.close();
  }
}
