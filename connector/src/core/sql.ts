/** The one thing raw-SQL helpers need: a pg.Pool, or a pg.PoolClient inside the caller's transaction. */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

/** True for PostgreSQL's unique_violation, optionally on one named constraint or index. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = e as { code?: string; constraint?: string };
  return err?.code === '23505' && (constraint === undefined || err.constraint === constraint);
}

/**
 * Builds a `where` clause of `and`-ed conditions with numbered parameters: `add('status = ?', v)` per filter that
 * is set, then `param(v)` for what follows (a limit). Keeps the `$n` numbering right however many filters apply.
 */
export function whereBuilder(): { add(sql: string, value: unknown): void; param(value: unknown): string; where(): string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => (params.push(value), `$${params.length}`);
  return {
    params,
    param,
    add: (sql, value) => void conditions.push(sql.replace('?', param(value))),
    where: () => (conditions.length ? `where ${conditions.join(' and ')}` : ''),
  };
}
