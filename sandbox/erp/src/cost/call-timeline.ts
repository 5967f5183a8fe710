/**
 * When each call was served by the modelled Odoo, for the bench's idle trace: a client that leaves the ERP waiting
 * (at the start, between two batches, at the tail) shows as a gap between these intervals. The busy total alone
 * says how much was idle, not when nor before which call.
 */

/** One call as the shared capacity served it, in clock ms since the cost model's reset. */
export interface TimelineEntry {
  /** When it arrived: the modelled Odoo serves it from then on (the sandbox's own work on it included). */
  start: number;
  /** When it was served, i.e. answered. */
  end: number;
  /** "model.method". */
  operation: string;
  /** Records it created, wrote or acted on (or answered, for a read). */
  records: number;
  failed?: true;
}

/** Calls kept at most (a bench's model-on run makes a few hundred); beyond, the newest are dropped and counted. */
export const TIMELINE_LIMIT = 20_000;

export class CallTimeline {
  private entries: TimelineEntry[] = [];
  private droppedCalls = 0;

  /** Notes a call served from `start` to `end` (clock ms since the reset). */
  add(entry: TimelineEntry): void {
    if (this.entries.length >= TIMELINE_LIMIT) this.droppedCalls++;
    else this.entries.push(entry);
  }

  /** The calls in the order they started (a call in flight across a reset starts at 0). */
  list(): TimelineEntry[] {
    return this.entries.map((e) => ({ ...e, start: Math.max(0, e.start) })).sort((a, b) => a.start - b.start);
  }

  get dropped(): number {
    return this.droppedCalls;
  }

  reset(): void {
    this.entries = [];
    this.droppedCalls = 0;
  }
}
