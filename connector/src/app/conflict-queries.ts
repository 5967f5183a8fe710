/**
 * Read side of the conflicts list: light summaries, newest first. The snapshots and the diff stay out (a page of
 * 50 weighed 130 KB with them, and they may be large); `GET /api/conflicts/:id` still returns them.
 */
import { whereBuilder, type Queryable } from '../core/sql.ts';
import type { PageOf } from '../api/deps.ts';
import type { ConflictSummaryT } from '../api/schemas.ts';
import { idCursor } from '../api/cursors.ts';

interface Row {
  id: number;
  backend_id: number;
  kind: string;
  amazon_key: string;
  code: string;
  message: string;
  status: ConflictSummaryT['status'];
  occurrences: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
}

export interface ConflictListQuery {
  backendId?: number;
  status?: string;
  limit: number;
  /** The id of the last conflict of the previous page. */
  cursor?: string;
}

/** One page of conflict summaries; `nextCursor` is the last id when more follow. */
export async function listConflictSummaries(db: Queryable, q: ConflictListQuery): Promise<PageOf<ConflictSummaryT>> {
  const w = whereBuilder();
  const add = w.add;
  if (q.backendId !== undefined) add('backend_id = ?', q.backendId);
  if (q.status) add('status = ?', q.status);
  // A cursor we did not give out is refused (CURSOR_INVALID), never taken for the first page.
  const before = idCursor.decode(q.cursor);
  if (before !== undefined) add('id < ?::bigint', before);
  const limit = w.param(q.limit + 1);
  // "order by sync_conflict.id": a bare "id" would be the output column (id::int), which no index orders.
  const { rows } = await db.query<Row>(
    `select id::int, backend_id, kind, amazon_key, code, message, status, occurrences, created_at, updated_at, resolved_at
       from sync_conflict ${w.where()}
      order by sync_conflict.id desc limit ${limit}`,
    w.params,
  );
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      backendId: r.backend_id,
      kind: r.kind,
      amazonKey: r.amazon_key,
      code: r.code,
      message: r.message,
      status: r.status,
      occurrences: r.occurrences,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
      resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
    })),
    nextCursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null,
  };
}
