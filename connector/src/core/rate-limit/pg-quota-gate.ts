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
 *
 * A wait is re-planned, not sat out, when what it was computed from changes in this process (replan(): a changed
 * override, a newly announced rate): the waiter gives its reservation back and reserves again at the new rate.
 * After a 429, pause() holds the bucket for a short backoff (`paused_until`), never longer than one token's restore
 * time, and leaves its tokens as they are: the 429 may be a passing fault, and the burst is still Amazon's to grant.
 */
import { abortableSleep, throwIfAborted } from '../abort.ts';
import { RetryableError } from '../errors.ts';
import type { Queryable } from '../sql.ts';
import type { OverrideSource, QuotaGate, UsagePlan } from './quota-gate.ts';
import { createReplanSignals } from './replan-signals.ts';

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
// Seconds left of a pause after a 429 (0 when none).
const PAUSED = `coalesce(greatest(0, extract(epoch from b.paused_until - clock_timestamp())), 0)`;

export interface PgQuotaGateOptions {
  /** Sleeps before sending, ending early with INTERRUPTED when the signal fires; replaceable in tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A QuotaGate over `rate_bucket` (any pg.Pool; no transaction is ever held while waiting). */
export function createPgQuotaGate(db: Queryable, options: PgQuotaGateOptions = {}): QuotaGate {
  const sleep = options.sleep ?? abortableSleep;
  const replans = createReplanSignals();
  const params = (sellerKey: string, operation: string, plan: UsagePlan, seconds: number, source?: OverrideSource) => {
    const override = typeof source === 'function' ? source() : source;
    const burst = override?.burst !== undefined ? String(override.burst) : null;
    return [sellerKey, operation, String(plan.rate), String(plan.burst), String(seconds), override ? String(override.rate) : null, burst];
  };
  return {
    async acquire(sellerKey, operation, plan, maxWaitMs = DEFAULT_MAX_WAIT_MS, override, signal) {
      for (;;) {
        throwIfAborted(signal, `the ${operation} call`);
        // Taken before the reservation: a change between the two still wakes this wait.
        const replanned = replans.current(sellerKey, operation);
        const args = params(sellerKey, operation, plan, maxWaitMs / 1000, override);
        // The WHERE refuses a reservation whose wait would exceed maxWaitMs: nothing is taken, no row returned.
        const { rows } = await db.query<{ tokens: string; rate: string; paused: string }>(
          `insert into rate_bucket as b (seller_key, operation, tokens, updated_at)
           values ($1, $2, coalesce($7::numeric, $4::numeric) - 1, clock_timestamp())
           on conflict (seller_key, operation) do update
             set tokens = ${REFILLED} - 1, updated_at = clock_timestamp()
             where ${REFILLED} - 1 >= -(${RATE} * $5::numeric) and ${PAUSED} <= $5::numeric
           returning b.tokens, ${RATE} as rate, ${PAUSED} as paused`,
          args,
        );
        const row = rows[0];
        if (!row) throw await quotaWaitError(db, operation, maxWaitMs, args);
        const waitS = Math.max(-Number(row.tokens) / Number(row.rate), Number(row.paused));
        if (waitS <= 0) return;
        try {
          await sleep(Math.ceil(waitS * 1000), signal ? AbortSignal.any([signal, replanned]) : replanned);
          return;
        } catch (e) {
          if (signal?.aborted || !replanned.aborted) throw e;
        }
        // Re-planned: the reservation is given back (the refill since the last take is then counted at the new
        // rate) and taken again, so the wait now follows the new override or the newly announced rate.
        await db.query(`update rate_bucket set tokens = tokens + 1 where seller_key = $1 and operation = $2`, [sellerKey, operation]);
      }
    },
    replan: (sellerKey, operation) => replans.fire(sellerKey, operation),
    async pause(sellerKey, operation, plan, pauseMs, override) {
      // The next token no sooner than pauseMs from now, and never later than one token's restore time: a 429 may
      // be a passing fault or another client's burst, not proof that the bucket stays empty for minutes.
      await db.query(
        `update rate_bucket b set paused_until = greatest(b.paused_until,
                clock_timestamp() + make_interval(secs => least($5::numeric, 1 / ${RATE})::float8))
          where seller_key = $1 and operation = $2 and ${BURST} > 0`,
        params(sellerKey, operation, plan, Math.max(0, pauseMs) / 1000, override),
      );
    },
    async observeRate(sellerKey, operation, ratePerSecond) {
      if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) return;
      // Written only when it changed: every answer carries the header, most carry the same value.
      const { rowCount } = await db.query(
        `update rate_bucket set learnt_rate = $3::numeric
          where seller_key = $1 and operation = $2 and learnt_rate is distinct from $3::numeric`,
        [sellerKey, operation, String(ratePerSecond)],
      );
      // A new announced rate: the waits of this process were computed from the old one.
      if (rowCount) replans.fire(sellerKey, operation);
    },

    async peek(sellerKey, operation, plan, override) {
      // The same refill acquire() computes, read without taking a token; a bucket never used holds its burst.
      const args = params(sellerKey, operation, plan, 0, override);
      const { rows } = await db.query<{ tokens: string }>(
        `select ${REFILLED} as tokens from rate_bucket b where seller_key = $1 and operation = $2 and $5::numeric >= 0`,
        args,
      );
      return rows[0] ? Number(rows[0].tokens) : Number(args[6] ?? plan.burst);
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

/** The QUOTA_WAIT refusal, with how long until a token is free (what the job should wait before retrying). */
async function quotaWaitError(db: Queryable, operation: string, maxWaitMs: number, args: unknown[]): Promise<RetryableError> {
  const { rows: state } = await db.query<{ wait: string }>(
    // The same parameters as acquire's ($5 is only typed: PostgreSQL refuses a parameter it cannot type).
    `select greatest(greatest(0, 1 - ${REFILLED}) / ${RATE}, ${PAUSED}) as wait from rate_bucket b
      where seller_key = $1 and operation = $2 and $5::numeric > 0`,
    args,
  );
  const err = new RetryableError('QUOTA_WAIT', `the ${operation} quota would make this call wait over ${maxWaitMs} ms`, { operation });
  err.retryAfterMs = Math.ceil(Number(state[0]?.wait ?? 0) * 1000);
  return err;
}
