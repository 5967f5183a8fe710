/**
 * The retention prune: for every backend (deleted ones too: their history is kept until it ages out), what its
 * `retention` settings say is old enough; then what belongs to no backend (failed jobs, orphan audit entries).
 * Each kind of row is pruned in bounded batches (prune-batches.ts); bindings are never touched.
 */
import type { Queryable } from '../sql.ts';
import type { BackendSettings } from '../backend/settings/namespace.ts';
import type { BackendService } from '../backend/backend-service.ts';
import { retentionSettings } from '../backend/settings/retention.settings.ts';
import { pruneInBatches, type BatchOptions } from './prune-batches.ts';
import * as S from './prune-statements.ts';

/** Rows deleted, per kind. */
export interface PruneCounts {
  documents: number;
  runSteps: number;
  runs: number;
  conflicts: number;
  audit: number;
  failedJobs: number;
  notifications: number;
  /** The flows' own dated rows (RetainedRows). */
  flowRows: number;
}

/** A flow's fetched documents that may be pruned once their record is in one of `finishedStates`. */
export interface RetainedDocuments {
  flow: string;
  kind: string;
  finishedStates: readonly string[];
}

/**
 * A flow's own table of dated rows per backend (`backend_id`, a date or time `column`), kept as long as the flow
 * reads them: `days` from the backend's settings (e.g. the reorder flow's stock-out record, as far back as its
 * forecast looks).
 */
export interface RetainedRows {
  table: string;
  column: string;
  days(settings: BackendSettings): number;
}

/** How to prune: the batches, the flows' documents (none given: documents are kept) and their dated rows. */
export interface PruneOptions extends BatchOptions {
  documents?: readonly RetainedDocuments[];
  rows?: readonly RetainedRows[];
}

export interface PrunedBackend {
  id: number;
  settings: BackendSettings;
}

/** Days a stored Amazon notification is kept (SQS's longest message retention: see PRUNE_NOTIFICATIONS). */
export const NOTIFICATION_DAYS = 14;

type Retention = ReturnType<typeof retentionSettings.of>;

/** The backend's retention; a key missing (settings read by a model without the namespace) takes its default. */
function retentionOf(settings: BackendSettings): Retention {
  const defaults = Object.fromEntries(Object.entries(retentionSettings.schema.properties).map(([k, s]) => [k, (s as { default?: number }).default]));
  return { ...defaults, ...retentionSettings.of(settings) } as Retention;
}

/** Each flow's finished documents of one backend, one flow after the other. */
async function pruneDocuments(db: Queryable, backendId: number, days: number, opts: PruneOptions): Promise<number> {
  let n = 0;
  for (const d of opts.documents ?? []) n += await pruneInBatches(db, S.PRUNE_DOCUMENTS, [backendId, days, d.flow, d.kind, [...d.finishedStates]], opts);
  return n;
}

/** Each flow's dated rows of one backend, older than the flow says it reads. */
async function pruneFlowRows(db: Queryable, backend: PrunedBackend, opts: PruneOptions): Promise<number> {
  let n = 0;
  for (const r of opts.rows ?? []) n += await pruneInBatches(db, S.pruneFlowRows(r.table, r.column), [backend.id, r.days(backend.settings)], opts);
  return n;
}

/** Prunes one backend's documents, runs, conflicts, audit entries and flows' dated rows under its settings. */
export async function pruneBackend(db: Queryable, backend: PrunedBackend, opts: PruneOptions = {}): Promise<PruneCounts> {
  const r = retentionOf(backend.settings);
  const run = (sql: string, days: number) => pruneInBatches(db, sql, [backend.id, days], opts);
  return {
    documents: await pruneDocuments(db, backend.id, r.documentsDays, opts),
    runSteps: await run(S.PRUNE_RUN_STEPS, r.runsDays),
    runs: await run(S.PRUNE_RUNS, r.runsDays),
    conflicts: await run(S.PRUNE_CONFLICTS, r.conflictsDays),
    audit: await run(S.PRUNE_AUDIT, r.auditDays),
    failedJobs: 0,
    notifications: 0,
    flowRows: await pruneFlowRows(db, backend, opts),
  };
}

/**
 * Prunes every backend, then the process-wide rows: failed jobs under the longest `failedJobsDays` any backend
 * asks for (the default when there is none) (a job's backend is in its payload, which the queue does not index), orphan audit entries under the
 * default audit retention, Amazon notifications after NOTIFICATION_DAYS. Returns the totals.
 */
export async function pruneAll(db: Queryable, backends: readonly PrunedBackend[], opts: PruneOptions = {}): Promise<PruneCounts> {
  const total: PruneCounts = { documents: 0, runSteps: 0, runs: 0, conflicts: 0, audit: 0, failedJobs: 0, notifications: 0, flowRows: 0 };
  for (const b of backends) {
    if (opts.signal?.aborted) break;
    const n = await pruneBackend(db, b, opts);
    for (const k of Object.keys(total) as (keyof PruneCounts)[]) total[k] += n[k];
  }
  const d = retentionOf({});
  const jobDays = backends.length ? Math.max(...backends.map((b) => retentionOf(b.settings).failedJobsDays)) : d.failedJobsDays;
  total.audit += await pruneInBatches(db, S.PRUNE_AUDIT_ORPHANS, [d.auditDays], opts);
  total.notifications += await pruneInBatches(db, S.PRUNE_NOTIFICATIONS, [NOTIFICATION_DAYS], opts);
  const { rows } = await db.query<{ ok: boolean }>(`select to_regclass('graphile_worker.jobs') is not null as ok`);
  // The queue's schema exists once a worker started (a database only the API used has none).
  if (rows[0]?.ok) total.failedJobs += await pruneInBatches(db, S.PRUNE_FAILED_JOBS, [jobDays], opts);
  return total;
}

/** The hourly task's body: every backend, deleted ones too (their history ages out like any other), then pruneAll. */
export async function pruneEveryBackend(
  deps: { pool: Queryable; backends: Pick<BackendService, 'list'>; retainedDocuments: readonly RetainedDocuments[]; retainedRows?: readonly RetainedRows[] },
  opts: BatchOptions = {},
): Promise<PruneCounts> {
  return pruneAll(deps.pool, await deps.backends.list({ includeDeleted: true }), { ...opts, documents: deps.retainedDocuments, rows: deps.retainedRows ?? [] });
}
