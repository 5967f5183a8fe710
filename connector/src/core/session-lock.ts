/**
 * A blocking advisory lock for one-off work that two processes must not do at once (a backend's bootstrap, its
 * set-up in the ERP): the second caller waits, then does the work again and finds it done (the work looks up before
 * it creates). Session-level on a dedicated connection, for the reasons lock.ts gives; if the process dies,
 * PostgreSQL drops the lock with its connection.
 */
import type pg from 'pg';
import { lockIdOf } from './lock.ts';

/** Runs `fn` holding the lock named `key` (waits for it); the lock is given back however `fn` ends. */
export async function withSessionLock<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (e: Error) => {
    broken = e;
  };
  client.on('error', onError);
  try {
    await client.query('select pg_advisory_lock($1)', [lockIdOf(key)]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock($1)', [lockIdOf(key)]).catch((e: Error) => (broken = e));
    }
  } finally {
    client.off('error', onError);
    // A broken connection is destroyed, which ends its session and so any lock it still held.
    client.release(broken);
  }
}
