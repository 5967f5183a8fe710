/**
 * The one way the connector calls SP-API: a token from the shared (seller, operation) bucket first, then the
 * request, then the answer's verdict. Throttling and faults are retried a capped number of times with exponential
 * backoff and jitter; what is left becomes a RetryableError or PermanentError with a stable code. Errors carry
 * Amazon's error code and message and the request id, never the payload (it may hold buyer PII).
 *
 * A 429 follows Amazon's advice (retry with exponential backoff): the shared bucket is paused for a jittered
 * backoff that starts at `baseDelayMs` and doubles per 429 of the call, never beyond one token's restore time
 * (gate.pause). It is not taken as proof that the bucket is empty for a whole restore interval: at the documented
 * searchOrders plan that is 3 minutes, while the 429 may be a passing fault or another client's burst.
 */
import { abortableSleep, untilAborted } from '../core/abort.ts';
import { PermanentError, RetryableError } from '../core/errors.ts';
import { fullJitter, throttleBackoffMs } from './backoff.ts';
export { fullJitter } from './backoff.ts';
import { announcedRate, judgeResponse, judgeThrown, readAmazonError, type Verdict } from './failure.ts';
import { NOTIFICATIONS_SCOPE, type RawResponse } from './transport.ts';
import { GRANTLESS_OPERATIONS, isPlausibleAnnouncedRate, USAGE_PLANS } from './usage-plans.ts';

export type { CallOptions, RetryPolicy, SpApiCallerOptions, SpApiCallInput, SpApiOperation, SpApiResult } from './call-types.ts';
import type { CallOptions, RetryPolicy, SpApiCallerOptions, SpApiCallInput, SpApiOperation, SpApiResult } from './call-types.ts';

/** Requests sent, and how many of them failed in a way worth retrying (the cap counts these); the call's signal. */
interface Tally {
  attempts: number;
  failures: number;
  signal: AbortSignal | undefined;
  /** The last failure was a 429 whose backoff is the shared bucket's pause (no local sleep on top). */
  paused?: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };

/** Calls SP-API operations for one seller account through the shared quota gate, with capped retries. */
export class SpApiCaller {
  readonly #o: SpApiCallerOptions;
  readonly #retry: RetryPolicy;
  readonly #sleep: ((ms: number) => Promise<void>) | undefined;
  readonly #random: () => number;
  /** Unusable rate headers already logged (operation and value), so a steady bad header is said once. */
  readonly #ignoredHeaders = new Set<string>();
  #rateOverrides: SpApiCallerOptions['rateOverrides'];

  constructor(options: SpApiCallerOptions) {
    this.#o = options;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
    this.#sleep = options.sleep;
    this.#random = options.random ?? Math.random;
    this.#rateOverrides = options.rateOverrides;
  }

  /**
   * The backend's overrides changed (through the API or the CLI): later calls use them, and the quota waits in
   * progress are re-planned at once (a slow override just raised must not keep a sweep waiting minutes).
   */
  updateRateOverrides(overrides: SpApiCallerOptions['rateOverrides']): void {
    this.#rateOverrides = overrides;
    this.#o.gate.replan(this.#o.sellerKey);
    if (this.#o.applicationKey) this.#o.gate.replan(this.#o.applicationKey);
  }

  /** Performs one operation; resolves with the 2xx answer or rejects with a classified SyncError. */
  async call(op: SpApiOperation, input: SpApiCallInput = {}, options: CallOptions = {}): Promise<SpApiResult> {
    const { gate, transport } = this.#o;
    const bucket = this.#bucketOf(op);
    // Read at each (re-)planning of a quota wait, so a changed override applies to the wait in progress.
    const override = () => this.#rateOverrides?.[op.name];
    const { signal } = options;
    const tally: Tally = { attempts: 0, failures: 0, signal };
    let tokenRefreshed = false;
    const grantless = GRANTLESS_OPERATIONS.has(op.name);
    const scope = grantless ? { grantlessScope: NOTIFICATIONS_SCOPE } : {};
    for (;;) {
      await gate.acquire(bucket, op.name, USAGE_PLANS[op.name], this.#o.maxQuotaWaitMs, override, signal);
      tally.attempts += 1;
      let res: RawResponse;
      try {
        // On abort the request is abandoned, not cancelled (the client takes no signal): its answer, quota already
        // spent, is simply not read; a read-only or absolute write is repeated safely by the retried job.
        res = await untilAborted(transport.send({ clientOperation: op.clientOperation, version: op.version, emptyResponse: op.emptyResponse, ...scope, ...input }), signal);
      } catch (e) {
        if (signal?.aborted) throw e;
        this.#o.onResponse?.(op.name, 'error');
        await this.#onThrown(op, e, tally);
        continue;
      }
      this.#o.onResponse?.(op.name, res.statusCode);
      const requestId = headerValue(res.headers['x-amzn-requestid']);
      // On any answer that carries it, a 429 included: Amazon's word on the rate beats the documented plan.
      const rate = this.#announced(op, res.headers['x-amzn-ratelimit-limit']);
      if (rate !== undefined) await this.#observe(op, rate);
      const info = res.statusCode >= 300 ? readAmazonError(res.body) : { tokenExpired: false };
      const verdict = judgeResponse(res.statusCode, info);
      if (verdict.kind === 'ok') return { statusCode: res.statusCode, body: parseBody(op, res, requestId), text: res.body, requestId };
      if (verdict.kind === 'token-expired' && !tokenRefreshed) {
        // Amazon's access tokens live an hour; one refresh and one more try, then it is an auth failure.
        try {
          await (grantless ? transport.refreshToken(NOTIFICATIONS_SCOPE) : transport.refreshToken());
          tokenRefreshed = true;
        } catch (e) {
          await this.#onThrown(op, e, tally);
        }
        continue;
      }
      if (verdict.kind === 'retry') tally.failures += 1;
      if (verdict.kind === 'retry' && verdict.code === 'AMAZON_THROTTLED' && tally.failures < this.#retry.maxAttempts) {
        // Every worker of the bucket backs off, not only this one; this call's wait is then the next acquire's.
        const pauseMs = throttleBackoffMs(tally.failures, this.#retry.baseDelayMs, this.#random);
        await gate.pause(bucket, op.name, USAGE_PLANS[op.name], pauseMs, override);
        tally.paused = true;
      }
      const details = { status: res.statusCode, amazonCode: info.amazonCode, amazonMessage: info.amazonMessage, requestId };
      const final = verdict.kind === 'token-expired' ? ({ kind: 'fail', code: 'AMAZON_AUTH_FAILED' } as const) : verdict;
      await this.#settle(op, final, tally, { details, rate });
    }
  }

  /** The tokens the operation's shared bucket holds now (Infinity when the gate cannot tell). Takes none. */
  async tokensLeft(op: SpApiOperation): Promise<number> {
    const { gate } = this.#o;
    if (!gate.peek) return Number.POSITIVE_INFINITY;
    return gate.peek(this.#bucketOf(op), op.name, USAGE_PLANS[op.name], () => this.#rateOverrides?.[op.name]);
  }

  /** Grantless operations are counted per application, all others per application and seller. */
  #bucketOf(op: SpApiOperation): string {
    return GRANTLESS_OPERATIONS.has(op.name) ? (this.#o.applicationKey ?? this.#o.sellerKey) : this.#o.sellerKey;
  }

  /** A thrown transport error: a remote fault is settled like an answer; anything else is a bug, rethrown. */
  async #onThrown(op: SpApiOperation, e: unknown, tally: Tally): Promise<void> {
    const verdict = judgeThrown(e);
    if (verdict.kind !== 'retry' && verdict.kind !== 'fail') throw e;
    if (verdict.kind === 'retry') tally.failures += 1;
    await this.#settle(op, verdict, tally, { cause: e, reason: (e as { code?: string }).code });
  }

  /** Throws when the verdict ends the call; otherwise waits the backoff before the next attempt. */
  async #settle(
    op: SpApiOperation,
    verdict: Extract<Verdict, { kind: 'retry' } | { kind: 'fail' }>,
    tally: Tally,
    ctx: { details?: Record<string, unknown>; cause?: unknown; reason?: string; rate?: number },
  ): Promise<void> {
    const details = { operation: op.name, ...ctx.details, ...(ctx.reason ? { reason: ctx.reason } : {}), attempts: tally.attempts };
    const what = ctx.details?.status ? `HTTP ${String(ctx.details.status)}` : (ctx.reason ?? 'failure');
    if (verdict.kind === 'fail') {
      throw new PermanentError(verdict.code, `Amazon ${op.name}: ${what} (${verdict.code})`, details, { cause: ctx.cause });
    }
    // A write whose outcome is unknown is not repeated blindly: the job re-reads the remote state first.
    const repeatable = op.idempotent || verdict.untouched;
    if (!repeatable || tally.failures >= this.#retry.maxAttempts) {
      // `untouched`: Amazon certainly did nothing with the last attempt; a write's caller needs it (feeds: createFeed).
      const err = new RetryableError(verdict.code, `Amazon ${op.name}: ${what} after ${tally.attempts} attempt(s)`, { ...details, untouched: verdict.untouched }, {
        cause: ctx.cause,
      });
      if (verdict.code === 'AMAZON_THROTTLED') err.retryAfterMs = Math.ceil(1000 / (ctx.rate ?? USAGE_PLANS[op.name].rate));
      throw err;
    }
    if (tally.paused) {
      tally.paused = false;
      return;
    }
    const ms = fullJitter(tally.failures, this.#retry, this.#random);
    await (this.#sleep ? untilAborted(this.#sleep(ms), tally.signal) : abortableSleep(ms, tally.signal));
  }

  /** The announced rate when it is readable and believable; a header that is neither is ignored (and said once). */
  #announced(op: SpApiOperation, header: string | string[] | undefined): number | undefined {
    if (header === undefined) return undefined;
    const rate = announcedRate(header);
    if (rate !== undefined && isPlausibleAnnouncedRate(op.name, rate)) return rate;
    const value = String(header).slice(0, 40);
    if (this.#ignoredHeaders.size < 50 && !this.#ignoredHeaders.has(`${op.name} ${value}`)) {
      this.#ignoredHeaders.add(`${op.name} ${value}`);
      this.#o.logger?.warn({ operation: op.name, header: value }, 'x-amzn-RateLimit-Limit ignored: not a believable rate');
    }
    return undefined;
  }

  async #observe(op: SpApiOperation, rate: number): Promise<void> {
    try {
      await this.#o.gate.observeRate(this.#bucketOf(op), op.name, rate);
    } catch (e) {
      // The answer is already paid for with quota: losing a rate hint must not throw the answer away.
      this.#o.logger?.warn({ operation: op.name, err: e instanceof Error ? e.message : String(e) }, 'observeRate failed');
    }
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseBody(op: SpApiOperation, res: RawResponse, requestId: string | undefined): unknown {
  if (res.body.trim() === '') return null;
  try {
    return JSON.parse(res.body);
  } catch {
    // No cause attached: JSON.parse's message quotes the body, which may hold buyer data.
    throw new PermanentError('AMAZON_BAD_PAYLOAD', `Amazon ${op.name}: the answer is not JSON`, {
      operation: op.name,
      status: res.statusCode,
      requestId,
    });
  }
}
