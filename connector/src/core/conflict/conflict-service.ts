/**
 * sync_conflict rows: what a person must decide. raise() is idempotent per (backend, kind, amazon key, code):
 * the one open conflict gets fresh snapshots and a higher count instead of a twin. Resolving runs the
 * `onResolved` hook inside the same transaction as the status change, so the re-run job the lead wires there is
 * enqueued exactly when the resolution commits (house rule 2). Snapshots must carry no buyer PII.
 */
import type pg from 'pg';
import { PermanentError, type ConflictError, type ErrorCode } from '../errors.ts';
import { whereBuilder, type Queryable } from '../sql.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { withTransaction } from '../tx.ts';

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

/** Called in the resolving transaction: enqueue the re-run there (e.g. graphile_worker.add_job via `tx`). */
export type OnResolved = (conflict: Conflict, tx: pg.PoolClient) => Promise<void>;

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

const COLUMNS = `id::int as "id", backend_id as "backendId", kind, amazon_key as "amazonKey", code, message,
  amazon_snapshot as "amazonSnapshot", erp_snapshot as "erpSnapshot", diff, status, resolution, occurrences,
  created_at as "createdAt", updated_at as "updatedAt", resolved_at as "resolvedAt"`;

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

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
  /** Closes every open conflict of a record (a later sync succeeded); no hook runs. Returns how many. */
  resolveOpenFor(backendId: number, kind: string, amazonKey: string, resolution: Resolution, db?: Queryable): Promise<number>;
  /** The same for many records of one kind in one statement (a batch that went through). */
  resolveOpenForMany(backendId: number, kind: string, amazonKeys: readonly string[], resolution: Resolution, db?: Queryable): Promise<number>;
}

/** The conflict store over `pool`; `onResolved` is the re-run hook (none: resolving only records). */
export function createConflictService(pool: pg.Pool, options: { onResolved?: OnResolved } = {}): ConflictService {
  const close = (id: number, status: 'resolved' | 'dismissed', resolution: Resolution) =>
    withTransaction(pool, async (tx) => {
      const { rows } = await tx.query<Conflict>(
        `update sync_conflict set status = $2, resolution = $3, resolved_at = now(), updated_at = now()
          where id = $1 and status = 'open' returning ${COLUMNS}`,
        [id, status, JSON.stringify(resolution)],
      );
      if (!rows[0]) {
        const exists = await tx.query('select status from sync_conflict where id = $1', [id]);
        throw exists.rows[0]
          ? new PermanentError('CONFLICT_NOT_OPEN', `conflict ${id} is already ${exists.rows[0].status}`, { id })
          : new PermanentError('CONFLICT_NOT_FOUND', `conflict ${id} does not exist`, { id });
      }
      if (status === 'resolved' && options.onResolved) await options.onResolved(rows[0], tx);
      // A person's decision: audited with the resolution (its `by` is the actor), in the same transaction.
      await recordAudit(tx, {
        actor: resolution.by,
        action: status === 'resolved' ? 'conflict.resolve' : 'conflict.dismiss',
        backendId: rows[0].backendId,
        target: `conflict:${id}`,
        before: { status: 'open', code: rows[0].code, kind: rows[0].kind, amazonKey: rows[0].amazonKey },
        after: { status, resolution },
      });
      return rows[0];
    });

  const service: ConflictService = {
    async raise(input, db = pool) {
      const { rows } = await db.query<Conflict & { created: boolean }>(
        `insert into sync_conflict as c (backend_id, kind, amazon_key, code, message, amazon_snapshot, erp_snapshot, diff)
         values ($1, $2, $3, $4, $5, $6, $7, $8)
         on conflict (backend_id, kind, amazon_key, code) where status = 'open' do update set
           message = excluded.message, amazon_snapshot = excluded.amazon_snapshot, erp_snapshot = excluded.erp_snapshot,
           diff = excluded.diff, occurrences = c.occurrences + 1, updated_at = now()
         returning ${COLUMNS}, (xmax = 0) as created`,
        [input.backendId, input.kind, input.amazonKey, input.code, input.message, json(input.amazonSnapshot), json(input.erpSnapshot), json(input.diff)],
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
