/**
 * One server's capacity shared by every call in flight, as a processor-sharing queue: n calls in flight each
 * progress at 1/n of the server's speed. This is what `timing.md` shows of an Odoo with `workers = 0` (one process,
 * requests in threads under one interpreter lock): two callers each sending 200 orders saw both confirmations take
 * about twice the single caller's time (20.1-22.1 s vs 10-12 s), not one at 1x and the other at 2x as a FIFO
 * queue would give; the total throughput stays that of one caller.
 *
 * Work is in clock milliseconds (the modelled duration already multiplied by the scale). The server is
 * work-conserving: its busy time equals the work it has served.
 */
import type { Clock } from './clock.ts';

interface Job {
  remaining: number;
  done: () => void;
}

const EPSILON = 1e-6;

export class SharedCapacity {
  private readonly clock: Clock;
  private readonly jobs = new Set<Job>();
  /** The instant up to which every job's progress has been applied. */
  private last: number;
  private cancelTimer: (() => void) | null = null;
  private busySince: number | null = null;
  private busyDone = 0;

  constructor(clock: Clock) {
    this.clock = clock;
    this.last = clock.now();
  }

  /** Resolves when `workMs` of the server's time has been served to this call, shared with the others in flight. */
  serve(workMs: number): Promise<void> {
    if (!(workMs > 0)) return Promise.resolve();
    this.progress();
    return new Promise((done) => {
      if (this.jobs.size === 0) this.busySince = this.last;
      this.jobs.add({ remaining: workMs, done });
      this.schedule();
    });
  }

  /** Calls in flight. */
  get inFlight(): number {
    return this.jobs.size;
  }

  /** Milliseconds the server has been busy (at least one call in flight) since the last `resetBusy`. */
  busyMs(): number {
    this.progress();
    return this.busyDone + (this.busySince === null ? 0 : this.last - this.busySince);
  }

  /** Starts counting busy time again from now (calls in flight keep being served). */
  resetBusy(): void {
    this.progress();
    this.busyDone = 0;
    if (this.busySince !== null) this.busySince = this.last;
  }

  /** Applies the progress made since `last`, event by event, completing the jobs whose work is served. */
  private progress(): void {
    const now = this.clock.now();
    while (this.jobs.size > 0) {
      const n = this.jobs.size;
      let least = Infinity;
      for (const j of this.jobs) least = Math.min(least, j.remaining);
      const finishAt = this.last + least * n;
      if (finishAt > now + EPSILON) {
        const share = (now - this.last) / n;
        for (const j of this.jobs) j.remaining -= share;
        this.last = now;
        return;
      }
      this.last = finishAt;
      for (const j of [...this.jobs]) {
        j.remaining -= least;
        if (j.remaining <= EPSILON) {
          this.jobs.delete(j);
          j.done();
        }
      }
      if (this.jobs.size === 0 && this.busySince !== null) {
        this.busyDone += this.last - this.busySince;
        this.busySince = null;
      }
    }
    this.last = Math.max(this.last, now);
  }

  /** Sets the timer for the next completion. */
  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.jobs.size === 0) return;
    let least = Infinity;
    for (const j of this.jobs) least = Math.min(least, j.remaining);
    const at = this.last + least * this.jobs.size;
    this.cancelTimer = this.clock.setTimer(at - this.clock.now(), () => {
      this.cancelTimer = null;
      this.progress();
      this.schedule();
    });
  }
}
