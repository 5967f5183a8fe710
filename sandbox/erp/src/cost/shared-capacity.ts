/**
 * One server's capacity shared by every call in flight, as a processor-sharing queue: n calls in flight each
 * progress at 1/n of the server's speed. This is what `timing.md` shows of an Odoo with `workers = 0` (one process,
 * requests in threads under one interpreter lock): two callers each sending 200 orders saw both confirmations take
 * about twice the single caller's time (20.1-22.1 s vs 10-12 s), not one at 1x and the other at 2x as a FIFO
 * queue would give; the total throughput stays that of one caller.
 *
 * Work is in clock milliseconds (the modelled duration already multiplied by the scale). The server is
 * work-conserving: its busy time equals the work it has served.
 *
 * A call is served from its ARRIVAL (`begin`), before its cost is known: the sandbox's own work on it (its real
 * queries) happens while the modelled Odoo works on it, as on a real Odoo, where that work is the modelled time.
 * Charging only once the sandbox had finished added the sandbox's own time on top of the modelled one, as time the
 * server sat idle between calls (bench/README.md, issue 8's idle trace). Once the cost is known (`finish`), what
 * was served meanwhile counts towards it; a call whose real work took longer than its modelled cost ends at once.
 */
import type { Clock } from './clock.ts';

interface Job {
  /** Work to serve; null while the call is still running in the sandbox (its cost not yet known). */
  work: number | null;
  served: number;
  /** Called with the instant the job was served (exact, where a timer may fire late). */
  done: ((at: number) => void) | null;
}

/** A call being served since its arrival; `finish` gives its cost and resolves once that much has been served. */
export interface CapacityTicket {
  /** Resolves with the clock instant the call was served. */
  finish(workMs: number): Promise<number>;
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
  private overrunDone = 0;

  constructor(clock: Clock) {
    this.clock = clock;
    this.last = clock.now();
  }

  /** Resolves when `workMs` of the server's time has been served to this call, shared with the others in flight. */
  async serve(workMs: number): Promise<void> {
    await this.begin().finish(workMs);
  }

  /** A call arriving now: it takes its share of the server from now on, its cost given later (`finish`, once). */
  begin(): CapacityTicket {
    this.progress();
    const job: Job = { work: null, served: 0, done: null };
    if (this.jobs.size === 0) this.busySince = this.last;
    this.jobs.add(job);
    let finished = false;
    return {
      finish: (workMs) => {
        if (finished) return Promise.resolve(this.last);
        finished = true;
        this.progress();
        job.work = workMs > 0 ? workMs : 0;
        if (job.served >= job.work - EPSILON) {
          this.overrunDone += job.served - job.work;
          this.remove(job);
          this.schedule();
          return Promise.resolve(this.last);
        }
        return new Promise<number>((done) => {
          job.done = done;
          this.schedule();
        });
      },
    };
  }

  /** Calls in flight. */
  get inFlight(): number {
    return this.jobs.size;
  }

  /** Of the calls in flight, those whose cost is not known yet (the sandbox still running them). */
  get pricing(): number {
    let n = 0;
    for (const j of this.jobs) if (j.work === null) n++;
    return n;
  }

  /** Milliseconds the server has been busy (at least one call in flight) since the last `resetBusy`. */
  busyMs(): number {
    this.progress();
    return this.busyDone + (this.busySince === null ? 0 : this.last - this.busySince);
  }

  /**
   * Server time given to calls beyond their modelled cost, because the sandbox's own work on them outlasted it
   * (the stand-in slower than the modelled Odoo, e.g. on a loaded machine): busy time that is not the client's.
   */
  overrunMs(): number {
    return this.overrunDone;
  }

  /** Starts counting busy time again from now (calls in flight keep being served). */
  resetBusy(): void {
    this.progress();
    this.busyDone = 0;
    this.overrunDone = 0;
    if (this.busySince !== null) this.busySince = this.last;
  }

  /** The least work left among the jobs whose cost is known (Infinity: none is). */
  private least(): number {
    let least = Infinity;
    for (const j of this.jobs) if (j.work !== null) least = Math.min(least, Math.max(0, j.work - j.served));
    return least;
  }

  /** Takes a served job out (and closes the busy period when it was the last one). */
  private remove(job: Job): void {
    this.jobs.delete(job);
    job.done?.(this.last);
    if (this.jobs.size === 0 && this.busySince !== null) {
      this.busyDone += this.last - this.busySince;
      this.busySince = null;
    }
  }

  /** Applies the progress made since `last`, event by event, completing the jobs whose work is served. */
  private progress(): void {
    const now = this.clock.now();
    while (this.jobs.size > 0) {
      const n = this.jobs.size;
      const least = this.least();
      const finishAt = this.last + least * n;
      if (finishAt > now + EPSILON) {
        const share = (now - this.last) / n;
        for (const j of this.jobs) j.served += share;
        this.last = now;
        return;
      }
      this.last = finishAt;
      for (const j of [...this.jobs]) {
        j.served += least;
        if (j.work !== null && j.served >= j.work - EPSILON) this.remove(j);
      }
    }
    this.last = Math.max(this.last, now);
  }

  /** Sets the timer for the next completion. */
  private schedule(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const least = this.least();
    if (this.jobs.size === 0 || least === Infinity) return;
    const at = this.last + least * this.jobs.size;
    this.cancelTimer = this.clock.setTimer(at - this.clock.now(), () => {
      this.cancelTimer = null;
      this.progress();
      this.schedule();
    });
  }
}
