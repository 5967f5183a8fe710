/**
 * The `report_request` table as the Reports core reads and writes it (SQL: the row claims below are single
 * statements, so two workers never both believe they own a step).
 */
import type { Queryable } from '../../../core/sql.ts';

export type ReportState = 'requested' | 'processing' | 'done' | 'empty' | 'fatal' | 'failed';

export interface ReportRequestRow {
  id: number;
  backendId: number;
  flow: string;
  reportType: string;
  marketplaceId: string;
  windowStart: Date;
  windowEnd: Date;
  state: ReportState;
  amazonReportId: string | null;
  documentId: string | null;
  attemptStartedAt: Date | null;
  polls: number;
  rowsCount: number | null;
  code: string | null;
  error: string | null;
  requestedAt: Date;
  finishedAt: Date | null;
  updatedAt: Date;
}

const COLUMNS = `id::int, backend_id as "backendId", flow, report_type as "reportType", marketplace_id as "marketplaceId",
  window_start as "windowStart", window_end as "windowEnd", state, amazon_report_id as "amazonReportId", document_id as "documentId",
  attempt_started_at as "attemptStartedAt", polls, rows_count as "rowsCount", code, error, requested_at as "requestedAt",
  finished_at as "finishedAt", updated_at as "updatedAt"`;

export async function getRequest(db: Queryable, id: number, lock: '' | 'for update skip locked' = ''): Promise<ReportRequestRow | null> {
  const { rows } = await db.query<ReportRequestRow>(`select ${COLUMNS} from report_request where id = $1 ${lock}`, [id]);
  return rows[0] ?? null;
}

export async function requestByAmazonId(db: Queryable, backendId: number, amazonReportId: string): Promise<ReportRequestRow | null> {
  const { rows } = await db.query<ReportRequestRow>(`select ${COLUMNS} from report_request where backend_id = $1 and amazon_report_id = $2`, [backendId, amazonReportId]);
  return rows[0] ?? null;
}

/** The row of the window, inserted unless it exists (the unique key decides between parallel callers). */
export async function insertRequest(
  tx: Queryable,
  r: { backendId: number; flow: string; reportType: string; marketplaceId: string; windowStart: Date; windowEnd: Date },
): Promise<{ row: ReportRequestRow; created: boolean }> {
  const ins = await tx.query<ReportRequestRow>(
    `insert into report_request (backend_id, flow, report_type, marketplace_id, window_start, window_end) values ($1, $2, $3, $4, $5, $6)
       on conflict on constraint report_request_window_unique do nothing returning ${COLUMNS}`,
    [r.backendId, r.flow, r.reportType, r.marketplaceId, r.windowStart, r.windowEnd],
  );
  if (ins.rows[0]) return { row: ins.rows[0], created: true };
  const { rows } = await tx.query<ReportRequestRow>(
    `select ${COLUMNS} from report_request where backend_id = $1 and report_type = $2 and marketplace_id = $3 and window_start = $4 and window_end = $5`,
    [r.backendId, r.reportType, r.marketplaceId, r.windowStart, r.windowEnd],
  );
  return { row: rows[0]!, created: false };
}

/**
 * Claims the createReport attempt of a request that has no report id yet, unless another attempt started less
 * than `leaseSeconds` ago (a worker is asking right now). Returns the previous attempt's start (null: never asked,
 * so nothing to look up first), or `undefined` when not claimed.
 */
export async function claimAttempt(db: Queryable, id: number, leaseSeconds: number): Promise<{ previous: Date | null } | undefined> {
  const { rows } = await db.query<{ previous: Date | null }>(
    `with old as (select id, attempt_started_at from report_request where id = $1 for update)
     update report_request r set attempt_started_at = now(), updated_at = now() from old
      where r.id = old.id and r.state = 'requested' and r.amazon_report_id is null
        and (old.attempt_started_at is null or old.attempt_started_at < now() - make_interval(secs => $2))
     returning old.attempt_started_at as previous`,
    [id, leaseSeconds],
  );
  return rows[0];
}

type Patch = Partial<Pick<ReportRequestRow, 'state' | 'amazonReportId' | 'documentId' | 'polls' | 'rowsCount' | 'code' | 'error' | 'finishedAt' | 'attemptStartedAt'>>;
const SNAKE: Record<keyof Patch, string> = {
  state: 'state', amazonReportId: 'amazon_report_id', documentId: 'document_id', polls: 'polls', rowsCount: 'rows_count',
  code: 'code', error: 'error', finishedAt: 'finished_at', attemptStartedAt: 'attempt_started_at',
};

export async function updateRequest(db: Queryable, id: number, patch: Patch): Promise<void> {
  const keys = Object.keys(patch) as (keyof Patch)[];
  const sets = keys.map((k, i) => `${SNAKE[k]} = $${i + 2}`);
  await db.query(`update report_request set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1`, [id, ...keys.map((k) => patch[k])]);
}

/** A page of a backend's requests, newest first, after the id `before` when given. */
export async function recentRequests(db: Queryable, backendId: number, limit: number, before?: number, reportType?: string): Promise<ReportRequestRow[]> {
  const { rows } = await db.query<ReportRequestRow>(
    `select ${COLUMNS} from report_request where backend_id = $1 and ($2::bigint is null or id < $2) and ($3::text is null or report_type = $3)
      order by id desc limit $4`,
    [backendId, before ?? null, reportType ?? null, limit],
  );
  return rows;
}
