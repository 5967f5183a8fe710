/**
 * Accepted variances (`variance_acceptance`): an accountant's note on a difference the books will carry (a
 * commission Amazon rounded, a goodwill gesture). Keyed by the variance's stable key; an acceptance holds for the
 * difference it saw: once the difference moves, the variance is open again.
 */
import type { Queryable } from '../../../core/sql.ts';

export interface Acceptance { note: string; by: string; at: string; firstAt: string; differenceMinor: bigint }

export async function acceptancesOf(db: Queryable, backendId: number, keys: readonly string[]): Promise<Map<string, Acceptance>> {
  if (!keys.length) return new Map();
  const { rows } = await db.query(
    `select variance_key, note, accepted_by, accepted_at, first_accepted_at, difference_minor::text from variance_acceptance where backend_id = $1 and variance_key = any($2)`,
    [backendId, keys],
  );
  return new Map(rows.map((r) => [r.variance_key as string, { note: r.note, by: r.accepted_by, at: (r.accepted_at as Date).toISOString(), firstAt: (r.first_accepted_at as Date).toISOString(), differenceMinor: BigInt(r.difference_minor) }]));
}

/** Records (or rewrites) an acceptance; the first acceptance's time stays. */
export async function accept(db: Queryable, backendId: number, a: { key: string; reason: string; differenceMinor: bigint; currency: string; note: string; by: string }): Promise<Acceptance> {
  const { rows } = await db.query(
    `insert into variance_acceptance (backend_id, variance_key, reason, difference_minor, currency, note, accepted_by) values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (backend_id, variance_key) do update set reason = excluded.reason, difference_minor = excluded.difference_minor, currency = excluded.currency,
       note = excluded.note, accepted_by = excluded.accepted_by, accepted_at = now()
     returning note, accepted_by, accepted_at, first_accepted_at, difference_minor::text`,
    [backendId, a.key, a.reason, a.differenceMinor.toString(), a.currency, a.note, a.by],
  );
  const r = rows[0]!;
  return { note: r.note, by: r.accepted_by, at: (r.accepted_at as Date).toISOString(), firstAt: (r.first_accepted_at as Date).toISOString(), differenceMinor: BigInt(r.difference_minor) };
}
