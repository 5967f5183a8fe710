/**
 * The one transaction helper for raw SQL: a connection from the pool, `begin`, the caller's work, `commit`; a
 * rollback when the work throws; the connection always given back. A connection whose rollback failed is in an
 * unknown state: it is destroyed rather than handed to the next caller.
 */
import type pg from 'pg';

/** PostgreSQL's isolation levels (read uncommitted behaves as read committed, so it is not offered). */
export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export interface TransactionOptions {
  /** Default: the database's (read committed). */
  isolation?: IsolationLevel;
  /** Runs after the commit, never after a rollback: what must only happen once the change is durable. */
  onCommit?: () => void | Promise<void>;
}

/** Something that lends connections: a pg.Pool. */
export type ConnectionSource = Pick<pg.Pool, 'connect'>;

const BEGIN: Record<IsolationLevel, string> = {
  'read committed': 'begin isolation level read committed',
  'repeatable read': 'begin isolation level repeatable read',
  serializable: 'begin isolation level serializable',
};

/** Runs `work` in one transaction on a connection of `pool` and returns its result (see the file's comment). */
export async function withTransaction<T>(
  pool: ConnectionSource,
  work: (tx: pg.PoolClient) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const tx = await pool.connect();
  let result: T;
  try {
    await tx.query(options.isolation ? BEGIN[options.isolation] : 'begin');
    result = await work(tx);
    await tx.query('commit');
  } catch (e) {
    const broken = await tx.query('rollback').then(
      () => undefined,
      (rollbackError: unknown) => (rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError))),
    );
    tx.release(broken);
    throw e;
  }
  tx.release();
  // After the release: a slow hook holds no connection. Its failure is the caller's (the change is committed).
  if (options.onCommit) await options.onCommit();
  return result;
}
