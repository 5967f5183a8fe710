/** Backend rate overrides copied into the shared buckets, where every worker's acquire() reads them. */
import type { RateOverride } from '../backend/backend-settings.ts';

/** Anything that runs one SQL statement: a pg.Pool, a pg.Client, or MikroORM's connection in a transaction. */
export type SqlRunner = (sql: string, params: unknown[]) => Promise<unknown>;

/**
 * Sets the override columns of the seller's buckets to `overrides` (one statement): listed operations get theirs
 * (a bucket row is created full if missing), every other operation of the seller loses its override.
 */
export async function applyRateOverrides(
  run: SqlRunner,
  sellerKey: string,
  overrides: Record<string, RateOverride>,
): Promise<void> {
  // One jsonb parameter rather than arrays: it passes unchanged through pg and through MikroORM's knex alike.
  await run(
    `with wanted as (
       select key as operation, (value->>'rate')::numeric as rate, (value->>'burst')::numeric as burst
         from jsonb_each($2::jsonb)
     ), cleared as (
       update rate_bucket set override_rate = null, override_burst = null
        where seller_key = $1 and override_rate is not null and operation not in (select operation from wanted)
     )
     insert into rate_bucket (seller_key, operation, tokens, override_rate, override_burst)
     select $1, operation, coalesce(burst, 1), rate, burst from wanted
     on conflict (seller_key, operation) do update
       set override_rate = excluded.override_rate, override_burst = excluded.override_burst`,
    [sellerKey, JSON.stringify(overrides)],
  );
}
