/**
 * The conflict store's shapes: a conflict, what raises and resolves one, the selections the bulk actions take, the
 * hooks the app wires in (the re-run, a flow's own action, the urgency), and the service's contract.
 */
import type pg from 'pg';
import type { ConflictError, ErrorCode } from '../errors.ts';
import type { Queryable } from '../sql.ts';

export type ConflictStatus = 'open' | 'resolved' | 'dismissed';

export interface Conflict {
  id: number;
  backendId: number;
  kind: string;
  amazonKey: string;
  code: ErrorCode;
  message: string;
  amazonSnapshot: unknown;
  erpSnapshot: unknown;
  diff: unknown;
  status: ConflictStatus;
  resolution: Resolution | null;
  occurrences: number;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  /** A money conflict (see ConflictServiceOptions.classify): listed first. */
  money: boolean;
  /** The record's deadline (an order's ship-by): sooner is listed first. */
  dueAt: Date | null;
}

export interface RaiseInput {
  backendId: number;
  kind: string;
  amazonKey: string;
  code: ErrorCode;
  message: string;
  amazonSnapshot?: unknown;
  erpSnapshot?: unknown;
  diff?: unknown;
}

/** What was decided, by whom: stored as is in `resolution`. */
export interface Resolution {
  /** e.g. 'retry', 'apply_amazon', 'keep_erp', 'mapped', 'synced' (closed by a later successful sync). */
  action: string;
  by: string;
  note?: string;
  data?: unknown;
}

/**
 * Called in the resolving transaction with every conflict it resolved (one for a single retry, many for a bulk
 * one): enqueue the re-runs there (e.g. graphile_worker.add_job via `tx`), in a few statements for many.
 */
export type OnResolved = (conflicts: readonly Conflict[], tx: pg.PoolClient) => Promise<void>;

/**
 * A flow's own action on conflicts (e.g. "cancel in the ERP"), run in the resolving transaction in place of the
 * re-run hook: `offered` says per locked conflict whether the action fits it now (the others stay open, untouched),
 * `run` does it (enqueues its work via `tx`) for the ones that are closed.
 */
export interface ConflictAct {
  offered(conflict: Conflict): boolean;
  run(conflicts: readonly Conflict[], tx: pg.PoolClient): Promise<void>;
}

export interface ConflictFilter {
  backendId?: number;
  status?: ConflictStatus;
  kind?: string;
  code?: string;
  amazonKey?: string;
  /** Page: rows with id below this, newest first. */
  beforeId?: number;
  limit?: number;
}

/**
 * The open conflicts a bulk retry or dismiss acts on: always one backend's, narrowed by the other fields (each
 * one that is set must match; `codes` and `kinds` match any of their values).
 */
export interface ConflictSelection {
  backendId: number;
  codes?: readonly string[];
  /** Codes left out (a bulk retry leaves the conflicts a re-run would only raise again). */
  excludeCodes?: readonly string[];
  kinds?: readonly string[];
  amazonKey?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** These conflicts only (the panel's multi-select; the ones holding orders of a SKU just mapped). */
  ids?: readonly number[];
  /** The conflicts whose diff names this SKU (`diff.sku`: the unmapped-SKU conflicts of one SKU). */
  diffSku?: string;
}

/** What a bulk action did (or, dry, would do): how many conflicts, and how many of each code. */
export interface BulkOutcome {
  count: number;
  byCode: Record<string, number>;
}

/** How urgent a conflict is (the app answers it from the flows' declarations; core knows no flow). */
export type ClassifyConflict = (input: { kind: string; code: string; amazonSnapshot?: unknown }) => { money: boolean; dueAt: Date | null };

export interface ConflictService {
  /** Opens the conflict, or refreshes the open one with the same key and code; `created` tells which. */
  raise(input: RaiseInput, db?: Queryable): Promise<{ conflict: Conflict; created: boolean }>;
  /** raise() from a ConflictError thrown by a step (its code, message and safe details as the diff). */
  raiseFromError(
    backendId: number,
    kind: string,
    amazonKey: string,
    error: ConflictError,
    snapshots?: { amazon?: unknown; erp?: unknown },
  ): Promise<{ conflict: Conflict; created: boolean }>;
  get(id: number): Promise<Conflict>;
  list(filter?: ConflictFilter): Promise<Conflict[]>;
  /** Marks an open conflict resolved and runs onResolved (the re-run) in the same transaction. */
  resolve(id: number, resolution: Resolution): Promise<Conflict>;
  /** Marks an open conflict dismissed: nothing re-runs. */
  dismiss(id: number, resolution: Resolution): Promise<Conflict>;
  /**
   * Resolves an open conflict with a flow's own action (`resolution.action` names it): `act.run` in the same
   * transaction instead of the re-run; CONFLICT_ACTION_UNAVAILABLE when `act.offered` refuses it (left open).
   */
  act(id: number, resolution: Resolution, act: ConflictAct): Promise<Conflict>;
  /** act() for every open conflict of `sel` it is offered for, in one transaction (the others stay open). */
  actWhere(sel: ConflictSelection, resolution: Resolution, act: ConflictAct): Promise<BulkOutcome>;
  /** resolve() for every open conflict of `sel`, in one transaction: one hook call, one audit entry each. */
  resolveWhere(sel: ConflictSelection, resolution: Resolution): Promise<BulkOutcome>;
  /** dismiss() for every open conflict of `sel`, in one transaction. */
  dismissWhere(sel: ConflictSelection, resolution: Resolution): Promise<BulkOutcome>;
  /** What resolveWhere / dismissWhere would act on now (a dry run). */
  countOpen(sel: ConflictSelection): Promise<BulkOutcome>;
  /** Closes every open conflict of a record (a later sync succeeded); no hook runs. Returns how many. */
  resolveOpenFor(backendId: number, kind: string, amazonKey: string, resolution: Resolution, db?: Queryable): Promise<number>;
  /** The same for many records of one kind in one statement (a batch that went through). */
  resolveOpenForMany(backendId: number, kind: string, amazonKeys: readonly string[], resolution: Resolution, db?: Queryable): Promise<number>;
}
