/** What the sandbox was asked: every SP-API and LWA call with its outcome, and totals per (operation, seller). */

export interface CallRecord {
  at: string;
  operation: string;
  sellerId: string | null;
  /** HTTP status answered; 0 when no answer was sent (an injected `drop` or `timeout`). */
  status: number;
  throttled: boolean;
  /** The injected fault the call met (faults.ts), if any. */
  fault?: string;
}

export interface CallSummary {
  operation: string;
  sellerId: string | null;
  calls: number;
  throttled: number;
  byStatus: Record<string, number>;
  /** Calls that met an injected fault, by kind. */
  faults: number;
  byFault: Record<string, number>;
}

const KEEP = 5000;

/** Bounded log of recent calls plus unbounded counters. */
export class CallLog {
  #recent: CallRecord[] = [];
  readonly #summary = new Map<string, CallSummary>();
  #total = 0;
  #throttled = 0;
  #faults = 0;

  record(rec: CallRecord): void {
    this.#recent.push(rec);
    if (this.#recent.length > KEEP * 2) this.#recent = this.#recent.slice(-KEEP);
    const key = `${rec.operation}\u0000${rec.sellerId ?? ''}`;
    let s = this.#summary.get(key);
    if (!s) {
      s = { operation: rec.operation, sellerId: rec.sellerId, calls: 0, throttled: 0, byStatus: {}, faults: 0, byFault: {} };
      this.#summary.set(key, s);
    }
    s.calls++;
    s.byStatus[rec.status] = (s.byStatus[rec.status] ?? 0) + 1;
    this.#total++;
    if (rec.fault) {
      s.faults++;
      s.byFault[rec.fault] = (s.byFault[rec.fault] ?? 0) + 1;
      this.#faults++;
    }
    if (rec.throttled) {
      s.throttled++;
      this.#throttled++;
    }
  }

  /** Totals, per (operation, seller) summaries and the most recent calls (newest last). */
  snapshot(recent = 200): { totals: { calls: number; throttled: number; faults: number }; operations: CallSummary[]; recent: CallRecord[] } {
    return {
      totals: { calls: this.#total, throttled: this.#throttled, faults: this.#faults },
      operations: [...this.#summary.values()].map((s) => ({ ...s, byStatus: { ...s.byStatus }, byFault: { ...s.byFault } })),
      recent: this.#recent.slice(-recent),
    };
  }

  clear(): void {
    this.#recent = [];
    this.#summary.clear();
    this.#total = 0;
    this.#throttled = 0;
    this.#faults = 0;
  }
}
