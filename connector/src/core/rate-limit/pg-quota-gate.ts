/**
 * The QuotaGate kept in PostgreSQL: one token bucket per (bucket key, operation) in `rate_bucket`, shared by every
 * worker process. acquire() is ONE upsert: the row lock serialises workers, the refill since the last take is
 * computed from the row as it stands once locked, and a token is reserved even when the bucket is empty (tokens
 * go negative = a queue of reservations); the caller then sleeps until its token's time, outside any
 * transaction. So N workers together send at most burst + rate x T requests in any interval T.
 *
 * Rate: the calling backend's override if it has one (passed with the call, never stored in the row, so backends
 * sharing a bucket never rewrite each other's), else the rate Amazon announced in x-amzn-RateLimit-Limit, else the
 * documented plan (these two paced at 95 %, see PACING). Burst: the override's if set, else the plan (Amazon
 * announces no burst).
 */
import { abortableSleep, throwIfAborted } from '../abort.ts';
import { RetryableError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import type { QuotaGate, RateOverride, UsagePlan } from './quota-gate.ts';

export const DEFAULT_MAX_WAIT_MS = 60_000;

// Announced and documented rates are paced at 95 %: a request leaves a few milliseconds after its token, and two
// requests that arrive closer together than they left would otherwise meet an empty bucket at Amazon. An
// override is the integrator's explicit number and is used as is.
export const PACING = 0.95;
// $6 and $7: the caller's override rate and burst (null when it has none).
const RATE = `coalesce($6::numeric, b.learnt_rate * ${PACING}, $3::numeric * ${PACING})`;
const BURST = 'coalesce($7::numeric, $4::numeric)';
// Tokens now, before this take: refill since updated_at, capped at the burst. Never negative time (clock skew).
const REFILLED = `least(${BURST}, b.tokens + greatest(0, extract(epoch from clock_timestamp() - b.updated_at)) * ${RATE})`;

export interface PgQuotaGateOptions {
  /** Sleeps before sending, ending early with INTERRUPTED when the signal fires; replaceable in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A QuotaGate over `rate_bucket` (any pg.Pool; no transaction is ever held while waiting). */
export function createPgQuotaGate(db: Queryable, options: PgQuotaGateOptions = {}): QuotaGate {
  const sleep = options.sleep ?? abortableSleep;
  return {
    async acquire(sellerKey: string, operation: string, plan: UsagePlan, maxWaitMs = DEFAULT_MAX_WAIT_MS, override?: RateOverride, signal?: AbortSignal) {
      throwIfAborted(signal, `the ${operation} call`);
      const maxWaitS = maxWaitMs / 1000;
      const rate = override ? String(override.rate) : null;
      const burst = override?.burst !== undefined ? String(override.burst) : null;
      // The WHERE refuses a reservation whose wait would exceed maxWaitMs: nothing is taken, no row returned.
      const { rows } = await db.query<{ tokens: string; rate: string }>(
        `insert into rate_bucket as b (seller_key, operation, tokens, updated_at)
         values ($1, $2, coalesce($7::numeric, $4::numeric) - 1, clock_timestamp())
         on conflict (seller_key, operation) do update
           set tokens = ${REFILLED} - 1, updated_at = clock_timestamp()
           where ${REFILLED} - 1 >= -(${RATE} * $5::numeric)
         returning b.tokens, ${RATE} as rate`,
        [sellerKey, operation, String(plan.rate), String(plan.burst), String(maxWaitS), rate, burst],
      );
      const row = rows[0];
      if (row) {
        const tokens = Number(row.tokens);
        if (tokens < 0) await sleep(Math.ceil((-tokens / Number(row.rate)) * 1000), signal);
        return;
      }
      const { rows: state } = await db.query<{ wait: string }>(
        // The same parameters as above ($5 is only typed: PostgreSQL refuses a parameter it cannot type).
        `select greatest(0, 1 - ${REFILLED}) / ${RATE} as wait from rate_bucket b
          where seller_key = $1 and operation = $2 and $5::numeric > 0`,
        [sellerKey, operation, String(plan.rate), String(plan.burst), String(maxWaitS), rate, burst],
      );
      const err = new RetryableError('QUOTA_WAIT', `the ${operation} quota would make this call wait over ${maxWaitMs} ms`, {
        operation,
      });
      err.retryAfterMs = Math.ceil(Number(state[0]?.wait ?? 0) * 1000);
      throw err;
    },

    async observeRate(sellerKey, operation, ratePerSecond) {
      if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) return;
      // Written only when it changed: every answer carries the header, most carry the same value.
      await db.query(
        `update rate_bucket set learnt_rate = $3::numeric
          where seller_key = $1 and operation = $2 and learnt_rate is distinct from $3::numeric`,
        [sellerKey, operation, String(ratePerSecond)],
      );
    },

    async drain(sellerKey, operation) {
      await db.query(
        `update rate_bucket set tokens = least(tokens, 0), updated_at = clock_timestamp()
          where seller_key = $1 and operation = $2`,
        [sellerKey, operation],
      );
    },
  };
}
