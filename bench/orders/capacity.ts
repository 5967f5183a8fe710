/**
 * The import's share of the modelled ERP's capacity (definitions in bench/README.md, "Share of the ERP's capacity"):
 *   busy share       = the time the modelled Odoo was busy / the import's wall time;
 *   throughput share = the import's orders/s / the most orders/s the modelled Odoo can take (create + confirm of
 *                      orders with the run's mean lines per order, in calls of 200, nothing else);
 *   useful share     = the modelled Odoo's time on the records' own work (the per-record costs of the calls that
 *                      succeeded, the first time an operation worked on each record: no per-call overhead, no
 *                      failed call, no repeated work) x the cost scale / the import's wall time.
 */
import type { CostSnapshot } from '../../sandbox/erp/src/index.ts';
import { maxOrdersPerSecond } from '../../sandbox/erp/src/cost/odoo19-costs.ts';
import { idleFigures, type IdleFigures } from './idle.ts';

export interface CapacityFigures {
  scale: number;
  busyShare: number;
  throughputShare: number;
  usefulShare: number;
  /**
   * The highest throughput share this run's work allows: the best create + confirm time per order over the time
   * per order of the work that had to be done (usefulMs: partners, dates and reads included). Even a connector
   * that wasted nothing stays under it, since the best rate leaves that other needed work out.
   */
  throughputCeiling: number;
  /**
   * The useful work over the ERP's own window only (its first call to its last answer: W minus the idle start and
   * tail, idle.ts), beside the whole-run usefulShare: what a longer run tends to. Null without the timeline.
   */
  usefulShareErpWindow: number | null;
  /** The busy time the sandbox's own work took beyond the modelled cost (a loaded machine), share of W. */
  overrunShare: number;
  /** Modelled Odoo milliseconds per imported order spent on repeated work (not scaled). */
  repeatedMsPerOrder: number;
  maxOrdersPerSecond: number;
  linesPerOrder: number;
  /** Modelled Odoo milliseconds per imported order, in all and for the per-call overheads alone (not scaled). */
  modelledMsPerOrder: number;
  overheadMsPerOrder: number;
  /** The operations that cost the modelled Odoo most: modelled ms per imported order, and calls. */
  top: { operation: string; msPerOrder: number; calls: number; failed: number; recordsPerCall: number; longestSeconds: number }[];
  /** Where in the wall time the modelled Odoo sat idle (idle.ts), when the run's window is known. */
  idle: IdleFigures | null;
}

const r3 = (n: number) => Number(n.toFixed(3));

/** The figures of a run that imported `imported` orders in `seconds` against a sandbox whose cost is `cost`. */
export function capacityFigures(cost: CostSnapshot, run: { imported: number; seconds: number; startMs?: number; endMs?: number }): CapacityFigures {
  const created = cost.operations['sale.order.create'];
  const linesPerOrder = created && created.records > 0 ? created.lines / created.records : 2;
  const max = maxOrdersPerSecond(linesPerOrder) / cost.scale;
  const perOrder = (ms: number) => (run.imported > 0 ? ms / run.imported : 0);
  const top = Object.entries(cost.operations)
    .map(([operation, o]) => ({ operation, msPerOrder: r3(perOrder(o.modelledMs)), calls: o.calls, failed: o.failed, longestSeconds: r3(o.longestMs / 1000), recordsPerCall: r3(o.calls > 0 ? (o.records || o.returned) / o.calls : 0) }))
    .sort((a, b) => b.msPerOrder - a.msPerOrder)
    .slice(0, 8);
  const idle = run.startMs !== undefined && run.endMs !== undefined && cost.timeline ? idleFigures(cost.timeline, Date.parse(cost.since), run.startMs, run.endMs) : null;
  const erpWindowMs = idle ? run.seconds * 1000 - (idle.startSeconds + idle.tailSeconds) * 1000 : 0;
  return {
    scale: cost.scale,
    busyShare: r3(cost.busyMs / (run.seconds * 1000)),
    throughputShare: r3(run.imported / run.seconds / max),
    usefulShare: r3((cost.usefulMs * cost.scale) / (run.seconds * 1000)),
    throughputCeiling: cost.usefulMs > 0 && run.imported > 0 ? r3(1000 / max / ((cost.usefulMs * cost.scale) / run.imported)) : 0,
    usefulShareErpWindow: idle && erpWindowMs > 0 ? r3((cost.usefulMs * cost.scale) / erpWindowMs) : null,
    overrunShare: r3((cost.overrunMs ?? 0) / (run.seconds * 1000)),
    repeatedMsPerOrder: r3(perOrder(cost.repeatedMs)),
    maxOrdersPerSecond: r3(max),
    linesPerOrder: r3(linesPerOrder),
    modelledMsPerOrder: r3(perOrder(cost.modelledMs)),
    overheadMsPerOrder: r3(perOrder(cost.overheadMs)),
    top,
    idle,
  };
}
