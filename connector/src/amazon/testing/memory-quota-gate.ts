/**
 * An in-memory QuotaGate for the adapter's tests: it grants every token at once (after the pause asked for after a
 * 429, as the real gate) and records each call (into the log shared with the fake server too, so a test can check
 * that a token was taken before every request).
 */
import type { OverrideSource, QuotaGate, RateOverride, UsagePlan } from '../../core/rate-limit/quota-gate.ts';

export type GateCall =
  | { kind: 'acquire'; sellerKey: string; operation: string; plan: UsagePlan; maxWaitMs?: number; override?: RateOverride }
  | { kind: 'observeRate'; sellerKey: string; operation: string; rate: number }
  | { kind: 'drain'; sellerKey: string; operation: string }
  | { kind: 'pause'; sellerKey: string; operation: string; pauseMs: number }
  | { kind: 'replan'; sellerKey: string; operation?: string };

export class MemoryQuotaGate implements QuotaGate {
  readonly calls: GateCall[] = [];
  /** Per bucket and operation: no token before then (the real gate's pause, kept in memory). */
  readonly #pausedUntil = new Map<string, number>();
  readonly log: string[];

  constructor(log: string[] = []) {
    this.log = log;
  }

  async acquire(sellerKey: string, operation: string, plan: UsagePlan, maxWaitMs?: number, source?: OverrideSource): Promise<void> {
    const override: RateOverride | undefined = typeof source === 'function' ? source() : source;
    this.calls.push({ kind: 'acquire', sellerKey, operation, plan, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}), ...(override ? { override } : {}) });
    this.log.push(`acquire ${operation}`);
    const wait = (this.#pausedUntil.get(`${sellerKey} ${operation}`) ?? 0) - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  async observeRate(sellerKey: string, operation: string, rate: number): Promise<void> {
    this.calls.push({ kind: 'observeRate', sellerKey, operation, rate });
  }

  async drain(sellerKey: string, operation: string): Promise<void> {
    this.calls.push({ kind: 'drain', sellerKey, operation });
    this.log.push(`drain ${operation}`);
  }

  async pause(sellerKey: string, operation: string, _plan: UsagePlan, pauseMs: number): Promise<void> {
    this.calls.push({ kind: 'pause', sellerKey, operation, pauseMs });
    this.#pausedUntil.set(`${sellerKey} ${operation}`, Date.now() + pauseMs);
    this.log.push(`pause ${operation}`);
  }

  replan(sellerKey: string, operation?: string): void {
    this.calls.push({ kind: 'replan', sellerKey, ...(operation ? { operation } : {}) });
  }

  /** The calls of one kind. */
  of<K extends GateCall['kind']>(kind: K): Array<Extract<GateCall, { kind: K }>> {
    return this.calls.filter((c): c is Extract<GateCall, { kind: K }> => c.kind === kind);
  }
}
