/** Call counters of the ERP sandbox (authentication excluded) and the time it spent serving them. */

export interface ErpStats {
  total: number;
  /** "model.method" -> calls */
  calls: Record<string, number>;
  /** milliseconds spent inside call handlers (parse, database, answer) */
  busyMs: number;
  since: string;
}

/** A mutable counter set; `snapshot()` gives a copy safe to hand out. */
export class StatsCounter {
  private calls = new Map<string, number>();
  private total = 0;
  private busyNs = 0n;
  private since = new Date();

  /** Counts one model call that took `ns` nanoseconds. */
  record(key: string, ns: bigint): void {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    this.total++;
    this.busyNs += ns;
  }

  /** A copy of the figures. */
  snapshot(): ErpStats {
    return {
      total: this.total,
      calls: Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b))),
      busyMs: Number(this.busyNs / 1000n) / 1000,
      since: this.since.toISOString(),
    };
  }

  /** Starts counting again from zero. */
  reset(): void {
    this.calls.clear();
    this.total = 0;
    this.busyNs = 0n;
    this.since = new Date();
  }
}
