/**
 * Batch sizes from the time the ERP actually takes. A real Odoo spends ~11 ms per order on `create` and ~55 ms on
 * `action_confirm` (more with a second caller), linear up to ~200 orders a call; a fixed batch of 200 then takes
 * 2 s on one and 11-46 s on the other, past the call timeout. So each operation of each ERP endpoint keeps its own
 * estimate of milliseconds per record, learnt from the calls' observed durations, and the next batch is the number
 * of records that fits the target seconds per call, between 1 and the caller's maximum.
 *
 * Why asymmetric: a call slower than believed is believed at once (the next one must not time out), a faster one
 * only pulls the estimate down by an EWMA step, and a batch at most doubles the largest one that stayed within the
 * target, so the size grows gradually and never jumps past what was seen to work.
 *
 * Pure: durations are handed in (the caller measures them), so the adaptation is tested without a clock.
 */

export interface BatchSizerOptions {
  /**
   * The first batch of an operation nothing is known about yet, a probe: 50 confirmations take 3-4 s on a real
   * Odoo (timing.md), so even an ERP a few times slower answers it within the deadline. Default 50.
   */
  initialBatch?: number;
  /** Weight of a new, faster observation in the estimate (0-1). Default 0.3. */
  alpha?: number;
}

/** One finished call of `records` records that took `durationMs`; `timedOut`: the deadline cut it (a lower bound). */
export interface CallObservation {
  records: number;
  durationMs: number;
  timedOut?: boolean;
}

interface OperationEstimate {
  /** Milliseconds per record; null before the first observation. */
  perRecordMs: number | null;
  /** The largest batch that finished within the target: growth is capped at twice it. */
  proven: number;
}

/** A slow call counts at once when it took more than this share of the target (a short tail call's overhead does not). */
const SLOW_SHARE = 0.5;
/** How far past the target's size a call may go to take the last records of a job along (see `next`). */
const SLACK = 0.25;
/** A timed-out call ran at least the deadline; it is taken as twice that, so the next batch fits with a margin. */
const TIMEOUT_FACTOR = 2;

/** The estimates of ONE ERP endpoint, per operation (`sale.order.create`, `sale.order.action_confirm`, ...). */
export class BatchSizer {
  readonly #ops = new Map<string, OperationEstimate>();
  readonly #initial: number;
  readonly #alpha: number;

  constructor(opts: BatchSizerOptions = {}) {
    this.#initial = Math.max(1, Math.floor(opts.initialBatch ?? 50));
    this.#alpha = Math.min(1, Math.max(0.01, opts.alpha ?? 0.3));
  }

  /**
   * Records for the next call of `operation`: what fits `targetMs`, between 1 and `maxBatch`. With `pending` (the
   * records still to send): all of them when they exceed that size by at most a quarter (and `maxBatch` allows),
   * since the target is a pace, not a limit (the timeout is 5x it), and a second call for the few left over would
   * cost the ERP its per-call overhead and the job a round trip behind the other writers for little work.
   */
  next(operation: string, maxBatch: number, targetMs: number, pending?: number): number {
    const max = Math.max(1, Math.floor(maxBatch));
    const e = this.#ops.get(operation);
    const size = !e || e.perRecordMs === null ? Math.min(max, this.#initial) : this.#fits(e, max, targetMs);
    if (pending !== undefined && pending > size && pending <= max && pending <= Math.floor(size * (1 + SLACK))) return pending;
    return size;
  }

  #fits(e: OperationEstimate, max: number, targetMs: number): number {
    const fits = e.perRecordMs! > 0 ? Math.floor(targetMs / e.perRecordMs!) : max;
    const growthCap = Math.max(this.#initial, 2 * e.proven);
    return Math.max(1, Math.min(max, fits, growthCap));
  }

  /** Learns from one finished (or timed-out) call of `operation` against `targetMs`. */
  observe(operation: string, call: CallObservation, targetMs: number): void {
    if (!(call.records > 0) || !(call.durationMs >= 0)) return;
    const e = this.#ops.get(operation) ?? { perRecordMs: null, proven: 0 };
    const took = call.timedOut ? call.durationMs * TIMEOUT_FACTOR : call.durationMs;
    const per = took / call.records;
    if (e.perRecordMs === null) e.perRecordMs = per;
    else if (per > e.perRecordMs && (call.timedOut || took > targetMs * SLOW_SHARE)) e.perRecordMs = per;
    else e.perRecordMs += this.#alpha * (per - e.perRecordMs);
    if (call.timedOut || took > targetMs) {
      // Too big for the target: what was proven before no longer holds at this pace.
      e.proven = Math.min(e.proven, Math.max(1, Math.floor((call.records * targetMs) / took)));
    } else {
      e.proven = Math.max(e.proven, call.records);
    }
    this.#ops.set(operation, e);
  }

  /** The current estimate of `operation` in ms per record (null: never observed), for logs and tests. */
  perRecordMs(operation: string): number | null {
    return this.#ops.get(operation)?.perRecordMs ?? null;
  }
}
