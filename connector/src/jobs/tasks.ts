/** The names of the background tasks and the shape of their payloads (ids only). */
export const Tasks = {
  /** Fetch changed orders of one backend from Amazon, store them, enqueue imports. */
  sweepOrders: 'orders:sweep',
  /** Safety net (crontab): make sure every active backend has a sweep pending. */
  sweepAll: 'orders:sweep-all',
  /** Import a batch of stored orders into the ERP. */
  importOrders: 'orders:import',
  /** Fetch one order again (getOrder) and re-run its import (a conflict resolved with "retry"). */
  resyncOrder: 'orders:resync',
  /** Drop the sealed buyer data of stored orders older than each backend's retention (Amazon's DPP). */
  redactPii: 'orders:redact-pii',
  /** Delete what is older than each backend's retention (core/retention; see sync/housekeeping). */
  prune: 'housekeeping:prune',
} as const;

export interface SweepPayload {
  backendId: number;
  /** Set by whoever asked for this sweep; a new one per sweep run otherwise. */
  correlationId?: string;
  /** A backfill: an explicit window instead of the durable cursor. */
  window?: { from: string; to: string };
}

export interface ImportPayload {
  backendId: number;
  amazonOrderIds: string[];
  /** The sweep's or the request's: in the import's logs, sync run and ERP call logs. */
  correlationId?: string;
  /** The requested resync (a sync_run in state running) this import brings to its outcome. */
  resyncRunId?: number;
}

export interface ResyncPayload {
  backendId: number;
  amazonOrderId: string;
  /** The sync_run that tracks the request (queued -> running -> succeeded | conflict | failed). */
  runId?: number;
  correlationId?: string;
}

/** graphile-worker crontab: the sweep-all safety net every minute, buyer data redaction and the prune every hour. */
export const crontab = [`* * * * * ${Tasks.sweepAll} ?max=3`, `17 * * * * ${Tasks.redactPii} ?max=1`, `43 * * * * ${Tasks.prune} ?max=1`].join('\n');
