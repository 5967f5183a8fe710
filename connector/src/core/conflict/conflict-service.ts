/**
 * sync_conflict rows: what a person must decide. raise() is idempotent per (backend, kind, amazon key, code):
 * the one open conflict gets fresh snapshots and a higher count instead of a twin. Resolving runs the
 * `onResolved` hook inside the same transaction as the status change, so the re-run job the lead wires there is
 * enqueued exactly when the resolution commits (house rule 2). Snapshots must carry no buyer PII.
 */
import type pg from 'pg';
import { PermanentError } from '../errors.ts';
import { whereBuilder } from '../sql.ts';
import { recordAuditMany } from '../audit/audit-log.ts';
import { withTransaction } from '../tx.ts';
import { escapeText, replaceUnsafeText } from '../storable-text.ts';
import { COLUMNS, json, outcomeOf, selectionWhere } from './conflict-sql.ts';
import type { ClassifyConflict, Conflict, ConflictAct, ConflictSelection, ConflictService, OnResolved, Resolution } from './conflict-types.ts';

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
