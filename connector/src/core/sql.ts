/** The one thing raw-SQL helpers need: a pg.Pool, or a pg.PoolClient inside the caller's transaction. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

/** True for PostgreSQL's unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
}
