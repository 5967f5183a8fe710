/**
 * sync_conflict rows: what a person must decide. raise() is idempotent per (backend, kind, amazon key, code):
 * the one open conflict gets fresh snapshots and a higher count instead of a twin. Resolving runs the
 * `onResolved` hook inside the same transaction as the status change, so the re-run job the lead wires there is
 * enqueued exactly when the resolution commits (house rule 2). Snapshots must carry no buyer PII.
 */
import type pg from 'pg';
import { PermanentError, type ConflictError, type ErrorCode } from '../errors.ts';
import { whereBuilder, type Queryable } from '../sql.ts';
import { recordAuditMany } from '../audit/audit-log.ts';
import { withTransaction } from '../tx.ts';
import { escapeStored, escapeText, replaceUnsafeText } from '../storable-text.ts';

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

/** The selection as `and`-ed conditions on sync_conflict's open rows (the single actions select by id). */
function selectionWhere(sel: ConflictSelection | { id: number }) {
  const w = whereBuilder();
  w.add('status = ?', 'open');
  if ('id' in sel) {
    w.add('id = ?', sel.id);
    return w;
  }
  w.add('backend_id = ?', sel.backendId);
  // An empty list matches nothing (a flow without conflict kinds has no conflicts), never everything.
  if (sel.codes) w.add('code = any(?::text[])', sel.codes);
  if (sel.excludeCodes?.length) w.add('code <> all(?::text[])', sel.excludeCodes);
  if (sel.kinds) w.add('kind = any(?::text[])', sel.kinds);
  if (sel.amazonKey) w.add('amazon_key = ?', sel.amazonKey);
  if (sel.createdAfter) w.add('created_at >= ?', sel.createdAfter);
  if (sel.createdBefore) w.add('created_at < ?', sel.createdBefore);
  if (sel.ids) w.add('id = any(?::bigint[])', sel.ids);
  if (sel.diffSku !== undefined) w.add(`diff ->> 'sku' = ?`, sel.diffSku);
  return w;
}

const outcomeOf = (codes: readonly string[]): BulkOutcome => {
  const byCode: Record<string, number> = {};
  for (const c of codes) byCode[c] = (byCode[c] ?? 0) + 1;
  return { count: codes.length, byCode };
};

const COLUMNS = `id::int as "id", backend_id as "backendId", kind, amazon_key as "amazonKey", code, message,
  amazon_snapshot as "amazonSnapshot", erp_snapshot as "erpSnapshot", diff, status, resolution, occurrences,
  created_at as "createdAt", updated_at as "updatedAt", resolved_at as "resolvedAt", money, due_at as "dueAt"`;

/** How urgent a conflict is (the app answers it from the flows' declarations; core knows no flow). */
export type ClassifyConflict = (input: { kind: string; code: string; amazonSnapshot?: unknown }) => { money: boolean; dueAt: Date | null };

// Snapshots and diffs quote Amazon's data, which may hold text PostgreSQL refuses (NUL, lone surrogates): stored
// escaped (core/storable-text.ts), so a conflict about such data can always be raised; the message is for people.
const json = (v: unknown) => (v === undefined ? null : JSON.stringify(escapeStored(v)));

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

/** The conflict store over `pool`; `onResolved` is the re-run hook (none: resolving only records). */
export function createConflictService(pool: pg.Pool, options: { onResolved?: OnResolved; classify?: ClassifyConflict } = {}): ConflictService {
  // The single and the bulk actions are one code path: close the selected open rows, run the hook with all of
  // them, and audit each one as a person's decision (its `by` is the actor), all in one transaction. The rows are
  // locked in id order (two bulk actions cannot deadlock); a concurrent action waits on their locks and then
  // finds them closed, so each conflict is re-run once.
  const closeWhere = async (tx: pg.PoolClient, sel: ConflictSelection | { id: number }, status: 'resolved' | 'dismissed', resolution: Resolution, act?: ConflictAct) => {
    const w = selectionWhere(sel);
    // A flow's action closes only the conflicts it is offered for, decided on the rows as locked here.
    if (act) {
      const locked = await tx.query<Conflict>(`select ${COLUMNS} from sync_conflict ${w.where()} order by id for update`, w.params);
      const picked = locked.rows.filter((c) => act.offered(c)).map((c) => c.id);
      w.add('id = any(?::int[])', picked);
    }
    const r = w.param(JSON.stringify(resolution));
    const s = w.param(status);
    const { rows } = await tx.query<Conflict>(
      `update sync_conflict set status = ${s}, resolution = ${r}, resolved_at = now(), updated_at = now()
        from (select id as picked from sync_conflict ${w.where()} order by id for update) p
       where sync_conflict.id = p.picked returning ${COLUMNS}`,
      w.params,
    );
    if (rows.length && act) await act.run(rows, tx);
    else if (rows.length && status === 'resolved' && options.onResolved) await options.onResolved(rows, tx);
    await recordAuditMany(
      tx,
      rows.map((c) => ({
        actor: resolution.by,
        action: status === 'resolved' ? 'conflict.resolve' : 'conflict.dismiss',
        backendId: c.backendId,
        target: `conflict:${c.id}`,
        before: { status: 'open', code: c.code, kind: c.kind, amazonKey: c.amazonKey },
        after: { status, resolution },
      })),
    );
    return rows;
  };

  const close = (id: number, status: 'resolved' | 'dismissed', resolution: Resolution, act?: ConflictAct) =>
    withTransaction(pool, async (tx) => {
      const [closed] = await closeWhere(tx, { id }, status, resolution, act);
      if (!closed) {
        const exists = await tx.query('select status, code from sync_conflict where id = $1', [id]);
        const row = exists.rows[0];
        if (row?.status === 'open' && act) {
          throw new PermanentError('CONFLICT_ACTION_UNAVAILABLE', `"${resolution.action}" is not offered for conflict ${id} (${row.code}) now`, { id, action: resolution.action });
        }
        throw row
          ? new PermanentError('CONFLICT_NOT_OPEN', `conflict ${id} is already ${row.status}`, { id })
          : new PermanentError('CONFLICT_NOT_FOUND', `conflict ${id} does not exist`, { id });
      }
      return closed;
    });

  const closeMany = async (sel: ConflictSelection, status: 'resolved' | 'dismissed', resolution: Resolution, act?: ConflictAct) =>
    outcomeOf((await withTransaction(pool, (tx) => closeWhere(tx, sel, status, resolution, act))).map((c) => c.code));

  const service: ConflictService = {
    async raise(input, db = pool) {
      const urgency = options.classify?.(input) ?? { money: false, dueAt: null };
      const { rows } = await db.query<Conflict & { created: boolean }>(
        `insert into sync_conflict as c (backend_id, kind, amazon_key, code, message, amazon_snapshot, erp_snapshot, diff, money, due_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         on conflict (backend_id, kind, amazon_key, code) where status = 'open' do update set
           message = excluded.message, amazon_snapshot = excluded.amazon_snapshot, erp_snapshot = excluded.erp_snapshot,
           diff = excluded.diff, money = excluded.money, due_at = excluded.due_at, occurrences = c.occurrences + 1, updated_at = now()
         returning ${COLUMNS}, (xmax = 0) as created`,
        [input.backendId, input.kind, escapeText(input.amazonKey), input.code, replaceUnsafeText(input.message), json(input.amazonSnapshot), json(input.erpSnapshot), json(input.diff), urgency.money, urgency.dueAt],
      );
      const { created, ...conflict } = rows[0]!;
      return { conflict, created };
    },
    raiseFromError(backendId, kind, amazonKey, error, snapshots = {}) {
      return service.raise({
        backendId,
        kind,
        amazonKey,
        code: error.code,
        message: error.message,
        amazonSnapshot: snapshots.amazon,
        erpSnapshot: snapshots.erp,
        diff: Object.keys(error.details).length ? error.details : undefined,
      });
    },
    async get(id) {
      const { rows } = await pool.query<Conflict>(`select ${COLUMNS} from sync_conflict where id = $1`, [id]);
      if (!rows[0]) throw new PermanentError('CONFLICT_NOT_FOUND', `conflict ${id} does not exist`, { id });
      return rows[0];
    },
    async list(filter = {}) {
      const w = whereBuilder();
      const add = w.add;
      if (filter.backendId !== undefined) add('backend_id = ?', filter.backendId);
      if (filter.status) add('status = ?', filter.status);
      if (filter.kind) add('kind = ?', filter.kind);
      if (filter.code) add('code = ?', filter.code);
      if (filter.amazonKey) add('amazon_key = ?', filter.amazonKey);
      if (filter.beforeId !== undefined) add('id < ?', filter.beforeId);
      const limit = w.param(Math.min(Math.max(filter.limit ?? 50, 1), 500));
      const { rows } = await pool.query<Conflict>(
        `select ${COLUMNS} from sync_conflict ${w.where()}
          order by sync_conflict.id desc limit ${limit}`,
        w.params,
      );
      return rows;
    },
    resolve: (id, resolution) => close(id, 'resolved', resolution),
    dismiss: (id, resolution) => close(id, 'dismissed', resolution),
    act: (id, resolution, act) => close(id, 'resolved', resolution, act),
    actWhere: (sel, resolution, act) => closeMany(sel, 'resolved', resolution, act),
    resolveWhere: (sel, resolution) => closeMany(sel, 'resolved', resolution),
    dismissWhere: (sel, resolution) => closeMany(sel, 'dismissed', resolution),
    async countOpen(sel) {
      const w = selectionWhere(sel);
      const { rows } = await pool.query<{ code: string; n: number }>(`select code, count(*)::int as n from sync_conflict ${w.where()} group by code`, w.params);
      const byCode = Object.fromEntries(rows.map((r) => [r.code, r.n]));
      return { count: rows.reduce((n, r) => n + r.n, 0), byCode };
    },
    async resolveOpenFor(backendId, kind, amazonKey, resolution, db = pool) {
      return service.resolveOpenForMany(backendId, kind, [amazonKey], resolution, db);
    },
    async resolveOpenForMany(backendId, kind, amazonKeys, resolution, db = pool) {
      if (!amazonKeys.length) return 0;
      const r = await db.query(
        `update sync_conflict set status = 'resolved', resolution = $4, resolved_at = now(), updated_at = now()
          where backend_id = $1 and kind = $2 and amazon_key = any($3::text[]) and status = 'open'`,
        [backendId, kind, amazonKeys, JSON.stringify(resolution)],
      );
      return r.rowCount ?? 0;
    },
  };
  return service;
}
