/**
 * Per-record locks (one per order, say) held across remote calls without holding a database transaction.
 *
 * Why session-level `pg_try_advisory_lock` and not `pg_try_advisory_xact_lock`: an xact lock lives only as long as
 * its transaction, so keeping it across ERP and SP-API calls (seconds, retries) would mean keeping a transaction
 * open all that time: a pinned snapshot that holds back vacuum, a connection stuck "idle in transaction", and
 * every write the workflow commits in between (a binding, the step log) would have to share that transaction or
 * lose the lock. A session lock is taken on a dedicated connection with no transaction open, survives the
 * workflow's own commits, and still cannot leak: if the worker dies, its connection closes and PostgreSQL drops
 * the locks with it.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { RetryableError } from './errors.ts';

/** Retry a busy record (or a batch whose lock connection was lost) this soon: the holder is usually done within a batch. */
export const LOCK_BUSY_RETRY_MS = 2_000;

/**
 * Several rounds of locking on ONE connection: a job takes its record locks, later the customer locks of its
 * batch, and gives the latter back early. One connection per job, whatever the rounds: a pool sized to the
 * worker's concurrency can never run dry while jobs wait on each other.
 */
export interface LockSession {
  /** Tries `keys` (one round trip); keeps the obtained ones. */
  tryLock(keys: readonly string[]): Promise<{ obtained: string[]; busy: string[] }>;
  /** Gives back some keys this session holds. */
  unlock(keys: readonly string[]): Promise<void>;
  /** False once the connection died (error or end event) or the session closed: the keys may belong to someone else. */
  held(): boolean;
  /**
   * Proves the session still holds its keys right now (the flag, then one `select 1` on the lock connection):
   * call it right before an irreversible write. Throws RetryableError('LOCK_BUSY', { lost: true }) otherwise.
   */
  ensureHeld(): Promise<void>;
  /** Gives back every key and the connection (idempotent). */
  close(): Promise<void>;
}

export interface Locker {
  /** A session on its own connection (see LockSession). */
  session(): Promise<LockSession>;
}

/** A stable signed 64-bit lock id for `key` (namespaced so other advisory-lock users never collide with ours). */
export function lockIdOf(key: string): string {
  return createHash('sha256').update('aec:lock:').update(key).digest().readBigInt64BE(0).toString();
}

/** Unlocks everything and returns the connection to the pool; a broken one is destroyed, which unlocks too. */
async function giveBack(client: pg.PoolClient, lost: boolean, onError: () => void): Promise<void> {
  try {
    if (lost) throw new Error('lock connection lost');
    await client.query('select pg_advisory_unlock_all()');
    client.off('error', onError);
    client.release();
  } catch (e) {
    client.off('error', onError);
    client.release(e as Error);
  }
}

function lockLost(why: string): RetryableError {
  const err = new RetryableError('LOCK_BUSY', `the lock connection was lost (${why}): another worker may hold these records now`, { lost: true });
  err.retryAfterMs = LOCK_BUSY_RETRY_MS;
  return err;
}

/** A Locker whose every session holds one connection of `pool` until closed; size the pool for it. */
export function createLocker(pool: pg.Pool): Locker {
  return {
    async session() {
      const client = await pool.connect();
      // A checked-out client has no pool listener: without ours, a dropped connection would crash the process.
      let lost = false;
      const onError = () => {
        lost = true;
      };
      client.on('error', onError);
      client.once('end', onError);
      const mine = new Set<string>();
      let closed = false;
      return {
        async tryLock(keys) {
          const wanted = [...new Set(keys)].filter((k) => !mine.has(k));
          if (!wanted.length) return { obtained: [], busy: [] };
          const { rows } = await client.query<{ ok: boolean }>(
            'select pg_try_advisory_lock(id) as ok from unnest($1::bigint[]) with ordinality as t(id, n) order by n',
            [wanted.map(lockIdOf)],
          );
          const obtained = wanted.filter((_, i) => rows[i]!.ok);
          obtained.forEach((k) => mine.add(k));
          return { obtained, busy: wanted.filter((_, i) => !rows[i]!.ok) };
        },
        async unlock(keys) {
          const held = keys.filter((k) => mine.has(k));
          if (!held.length) return;
          await client.query('select pg_advisory_unlock(id) from unnest($1::bigint[]) as t(id)', [held.map(lockIdOf)]);
          held.forEach((k) => mine.delete(k));
        },
        held: () => !closed && !lost,
        async ensureHeld() {
          if (closed) throw lockLost('session closed');
          if (lost) throw lockLost('connection error');
          // The flag only knows what the socket said; a round trip proves the server still has this session (and
          // so its session-level locks). Cheap: once per batch, before its irreversible writes.
          try {
            await client.query('select 1');
          } catch {
            lost = true;
          }
          if (lost) throw lockLost('connection closed');
        },
        async close() {
          if (closed) return;
          closed = true;
          client.off('end', onError);
          await giveBack(client, lost, onError);
        },
      };
    },
  };
}
