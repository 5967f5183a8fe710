/**
 * The queue reader's wait for a notification channel. Most installations never set one: their worker processes
 * must not take the reader's lock, hold a connection or list channels every few seconds for nothing. So each looks
 * with one cheap query, backing off (5 s doubling to a minute), and is woken at once when this process subscribes a
 * backend through a channel (`wakeQueueReader`, from the set-up). Another process notices within the minute:
 * the messages wait in the queue meanwhile (SQS keeps them for days), and the sweep imports everything anyway.
 */
import type { Queryable } from '../../../core/sql.ts';

const wakers = new Set<() => void>();

/** Ends this process's wait for a channel now (a channel was just used by a set-up). */
export function wakeQueueReader(): void {
  for (const wake of [...wakers]) wake();
}

/** Waits until a channel exists, looking again after `firstMs` doubling to `maxMs` or when woken; false once stopped. */
export async function untilAChannelExists(db: Queryable, signal: AbortSignal, firstMs: number, maxMs: number): Promise<boolean> {
  let waitMs = firstMs;
  while (!signal.aborted) {
    // A failed look (the database away) counts as none: looked at again after the wait.
    const found = await db.query('select exists (select 1 from amazon_notification_channel) as found').then(({ rows }) => (rows[0] as { found: boolean }).found, () => false);
    if (found) return true;
    await new Promise<void>((ok) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wakers.delete(done);
        ok();
      };
      const timer = setTimeout(done, waitMs);
      signal.addEventListener('abort', done, { once: true });
      wakers.add(done);
    });
    waitMs = Math.min(maxMs, waitMs * 2);
  }
  return false;
}
