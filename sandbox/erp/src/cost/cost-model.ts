/**
 * The ERP sandbox's cost model: each call, once done, is held (its transaction still open, so nothing shows before
 * the modelled Odoo would have committed it) until the shared capacity has served its modelled duration times
 * `scale`. Off unless started with a scale (ERP_SANDBOX_COST_SCALE); 1 is a real Odoo 19's speed.
 */
import type { PoolClient } from 'pg';
import type { Call } from '../orm/call.ts';
import type { Json } from '../orm/types.ts';
import { failedWork, workOf } from './call-work.ts';
import { systemClock, type Clock } from './clock.ts';
import { costOf, maxOrdersPerSecond, type CallWork } from './odoo19-costs.ts';
import { SharedCapacity, type CapacityTicket } from './shared-capacity.ts';
import { CallTimeline, type TimelineEntry } from './call-timeline.ts';

/** Totals of one "model.method" since the last reset. */
export interface OperationCost {
  calls: number;
  failed: number;
  records: number;
  lines: number;
  returned: number;
  /** Modelled milliseconds of a real Odoo (not scaled). */
  modelledMs: number;
  /** The part of modelledMs spent on per-call overhead. */
  overheadMs: number;
  /**
   * The part of modelledMs (beyond the overhead) spent on records this operation had already worked on since the
   * reset (a date written twice, an order read again): repeated work. Failed calls are overhead only.
   */
  repeatedMs: number;
  /** The longest a call took on the clock, from its arrival to its answer (lock waits and sharing included). */
  longestMs: number;
}

/** What `GET /_sandbox/cost` answers. */
export interface CostSnapshot {
  enabled: boolean;
  /** Clock milliseconds per modelled millisecond (1 = a real Odoo 19's speed). */
  scale: number;
  since: string;
  /** Clock milliseconds since the last reset. */
  wallMs: number;
  /** Clock milliseconds the modelled server was busy (at least one call in flight) since the last reset. */
  busyMs: number;
  /** busyMs / wallMs. */
  busyShare: number;
  /**
   * Of busyMs, the server time given to calls beyond their modelled cost x scale: the sandbox's own work on them
   * took longer than the modelled Odoo would have (a loaded machine). The stand-in's slowness, not the client's.
   */
  overrunMs: number;
  /** Modelled milliseconds charged (not scaled) and the part of them that is per-call overhead. */
  modelledMs: number;
  overheadMs: number;
  /** The part of modelledMs spent again on records an operation had already worked on (see OperationCost). */
  repeatedMs: number;
  /**
   * modelledMs - overheadMs - repeatedMs: the records' own work in the calls that succeeded, the first time each
   * operation worked on each record (not scaled).
   */
  usefulMs: number;
  calls: number;
  inFlight: number;
  /** Of inFlight, the calls the sandbox is still running (their cost not known yet). */
  pricing: number;
  /** What the modelled Odoo can take at best: create + confirm of two-line orders in calls of 200, orders per clock second. */
  maxOrdersPerSecond: number;
  operations: Record<string, OperationCost>;
  /**
   * Every call served since the reset, in start order: when the capacity served it (clock ms since the reset;
   * `since` is the reset's wall-clock time) — the gaps between them are when the modelled Odoo sat idle.
   */
  timeline: TimelineEntry[];
  /** Calls left out of `timeline` past its limit. */
  timelineDropped: number;
}

/** A call the modelled Odoo is working on since `at` (`CostModel.arrive`). */
export interface Arrival {
  at: number;
  ticket: CapacityTicket;
}

export class CostModel {
  readonly scale: number;
  private readonly clock: Clock;
  private readonly capacity: SharedCapacity;
  private ops = new Map<string, OperationCost>();
  private readonly timeline = new CallTimeline();
  /** Per "model.method", the records it has worked on since the reset (to tell repeated work). */
  private seen = new Map<string, Set<number>>();
  private startedAt: number;
  private since = new Date();

  constructor(opts: { scale: number; clock?: Clock }) {
    if (!(opts.scale > 0)) throw new Error(`ERP_SANDBOX_BAD_COST_SCALE: ${opts.scale} (a number above 0)`);
    this.scale = opts.scale;
    this.clock = opts.clock ?? systemClock;
    this.capacity = new SharedCapacity(this.clock);
    this.startedAt = this.clock.now();
  }

  /**
   * A call arriving now: the modelled Odoo starts on it at once (it takes its share of the capacity while the
   * sandbox does the call's real work), its cost charged when known (`charge` or `chargeFailure`, once).
   */
  arrive(): Arrival {
    return { at: this.clock.now(), ticket: this.capacity.begin() };
  }

  /** Charges a call that succeeded; resolves once the shared capacity has served it (from its arrival). */
  async charge(tx: Pick<PoolClient, 'query'>, call: Call, result: Json | undefined, arrival: Arrival = this.arrive()): Promise<void> {
    await this.serve(await workOf(tx, call, result), arrival);
  }

  /** Charges a call that failed (its overhead: Odoo dispatched it and rolled it back). */
  async chargeFailure(call: Call, arrival: Arrival = this.arrive()): Promise<void> {
    await this.serve(failedWork(call), arrival);
  }

  private async serve(work: CallWork, arrival: Arrival): Promise<void> {
    const arrivedAt = arrival.at;
    const cost = costOf(work);
    const key = `${work.model}.${work.method}`;
    const op = this.ops.get(key) ?? { calls: 0, failed: 0, records: 0, lines: 0, returned: 0, modelledMs: 0, overheadMs: 0, repeatedMs: 0, longestMs: 0 };
    if (!work.failed && work.ids?.length) {
      const seen = this.seen.get(key) ?? new Set<number>();
      this.seen.set(key, seen);
      let again = 0;
      for (const id of new Set(work.ids)) {
        if (seen.has(id)) again++;
        else seen.add(id);
      }
      // the record-dependent part of the call, shared evenly among its records
      op.repeatedMs += ((cost.ms - cost.overheadMs) * again) / work.ids.length;
    }
    op.calls++;
    if (work.failed) op.failed++;
    op.records += work.records;
    op.lines += work.lines;
    op.returned += work.returned;
    op.modelledMs += cost.ms;
    op.overheadMs += cost.overheadMs;
    this.ops.set(key, op);
    const end = await arrival.ticket.finish(cost.ms * this.scale);
    this.timeline.add({ start: arrivedAt - this.startedAt, end: end - this.startedAt, operation: key, records: work.records || work.returned, ...(work.failed ? { failed: true as const } : {}) });
    // the entry may have been replaced by a reset meanwhile: the longest call counts where it ends
    const now = this.ops.get(key);
    if (now) now.longestMs = Math.max(now.longestMs, end - arrivedAt);
  }

  snapshot(): CostSnapshot {
    const wallMs = this.clock.now() - this.startedAt;
    const busyMs = this.capacity.busyMs();
    const ops = [...this.ops.entries()].sort(([a], [b]) => a.localeCompare(b));
    const sum = (f: (o: OperationCost) => number) => ops.reduce((n, [, o]) => n + f(o), 0);
    const round = (n: number) => Math.round(n * 1000) / 1000;
    return {
      enabled: true,
      scale: this.scale,
      since: this.since.toISOString(),
      wallMs: round(wallMs),
      busyMs: round(busyMs),
      busyShare: wallMs > 0 ? round(busyMs / wallMs) : 0,
      overrunMs: round(this.capacity.overrunMs()),
      modelledMs: round(sum((o) => o.modelledMs)),
      overheadMs: round(sum((o) => o.overheadMs)),
      repeatedMs: round(sum((o) => o.repeatedMs)),
      usefulMs: round(sum((o) => o.modelledMs - o.overheadMs - o.repeatedMs)),
      calls: sum((o) => o.calls),
      inFlight: this.capacity.inFlight,
      pricing: this.capacity.pricing,
      maxOrdersPerSecond: round(maxOrdersPerSecond(2) / this.scale),
      operations: Object.fromEntries(ops.map(([k, o]) => [k, { ...o, modelledMs: round(o.modelledMs), overheadMs: round(o.overheadMs), repeatedMs: round(o.repeatedMs), longestMs: round(o.longestMs) }])),
      timeline: this.timeline.list().map((e) => ({ ...e, start: round(e.start), end: round(e.end) })),
      timelineDropped: this.timeline.dropped,
    };
  }

  /** Starts the totals and the busy time again from now (calls in flight keep being served). */
  reset(): void {
    this.ops.clear();
    this.seen.clear();
    this.timeline.reset();
    this.capacity.resetBusy();
    this.startedAt = this.clock.now();
    this.since = new Date();
  }
}

/** What `GET /_sandbox/cost` answers when the model is off. */
export const COST_OFF = { enabled: false } as const;
