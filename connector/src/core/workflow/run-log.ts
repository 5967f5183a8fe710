/**
 * sync_run and its step log. A run is one sweep or one job; its steps are written in one INSERT per batch (the
 * step log must stay cheap on the hot path) and its counts add up across batches.
 */
import type { Queryable } from '../sql.ts';
import type { RecordStatus, StepLogEntry, WorkflowResult } from './runner.ts';
import type { WorkRecord } from './step.ts';

export type RunStatus = 'running' | 'succeeded' | 'partial' | 'failed';

export interface SyncRunRow {
  id: number;
  backendId: number;
  flow: string;
  trigger: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: RunStatus;
  counts: Record<string, number>;
  errorCode: string | null;
}

export interface SyncStepRow extends StepLogEntry {
  at: Date;
}

export interface RunLog {
  /** Opens a run ('running'); `trigger` says why: 'sweep', 'job', 'cli', 'conflict-resolved', ... */
  start(input: { backendId: number; flow: string; trigger: string }): Promise<number>;
  /** Appends a batch's steps (one statement) and adds its outcome counts to the run's. */
  record(runId: number, result: Pick<WorkflowResult<WorkRecord>, 'steps' | 'counts'>): Promise<void>;
  writeSteps(runId: number, entries: readonly StepLogEntry[]): Promise<void>;
  /** Closes the run; the status defaults to what its counts say (see runStatusOf). */
  finish(runId: number, result?: { status?: RunStatus; errorCode?: string | null }): Promise<SyncRunRow>;
  list(filter?: { backendId?: number; flow?: string; beforeId?: number; limit?: number }): Promise<SyncRunRow[]>;
  steps(runId: number): Promise<SyncStepRow[]>;
}

/** succeeded: nothing failed; partial: some records went through; failed: none did (skips are not failures). */
export function runStatusOf(counts: Partial<Record<RecordStatus, number>>): RunStatus {
  const bad = (counts.failed ?? 0) + (counts.conflict ?? 0) + (counts.retry ?? 0);
  if (bad === 0) return 'succeeded';
  return (counts.ok ?? 0) + (counts.skipped ?? 0) > 0 ? 'partial' : 'failed';
}

const RUN_COLUMNS = `id::int as "id", backend_id as "backendId", flow, trigger, started_at as "startedAt",
  finished_at as "finishedAt", status, counts, error_code as "errorCode"`;

/** The run log over `db` (a pool; no transaction needed). */
export function createRunLog(db: Queryable): RunLog {
  const log: RunLog = {
    async start({ backendId, flow, trigger }) {
      const { rows } = await db.query<{ id: number }>(
        'insert into sync_run (backend_id, flow, trigger) values ($1, $2, $3) returning id::int as id',
        [backendId, flow, trigger],
      );
      return rows[0]!.id;
    },
    async record(runId, result) {
      await log.writeSteps(runId, result.steps);
      // Adds each count to the stored one, key by key, in the row (atomic with concurrent batches of one run).
      await db.query(
        `update sync_run set counts = (
           select coalesce(jsonb_object_agg(k, coalesce((counts->>k)::int, 0) + coalesce((($2::jsonb)->>k)::int, 0)), '{}')
             from (select jsonb_object_keys(counts) as k union select jsonb_object_keys($2::jsonb)) keys
         ) where id = $1`,
        [runId, JSON.stringify(result.counts)],
      );
    },
    async writeSteps(runId, entries) {
      if (entries.length === 0) return;
      await db.query(
        `insert into sync_step (run_id, record_key, step, status, error_code, ms)
         select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
        [
          runId,
          entries.map((e) => e.recordKey),
          entries.map((e) => e.step),
          entries.map((e) => e.status),
          entries.map((e) => e.errorCode),
          entries.map((e) => e.ms),
        ],
      );
    },
    async finish(runId, result = {}) {
      // The default status is runStatusOf(counts), computed in the same statement from the stored counts.
      const n = (k: string) => `coalesce((counts->>'${k}')::int, 0)`;
      const { rows } = await db.query<SyncRunRow>(
        `update sync_run set finished_at = now(), error_code = $3, status = coalesce($2,
           case when ${n('failed')} + ${n('conflict')} + ${n('retry')} = 0 then 'succeeded'
                when ${n('ok')} + ${n('skipped')} > 0 then 'partial' else 'failed' end)
          where id = $1 returning ${RUN_COLUMNS}`,
        [runId, result.status ?? null, result.errorCode ?? null],
      );
      return rows[0]!;
    },
    async list(filter = {}) {
      // "order by sync_run.id": a bare "id" would be the output column (id::int), which no index orders.
      const { rows } = await db.query<SyncRunRow>(
        `select ${RUN_COLUMNS} from sync_run
          where ($1::int is null or backend_id = $1) and ($2::text is null or flow = $2) and ($3::bigint is null or id < $3)
          order by sync_run.id desc limit $4`,
        [filter.backendId ?? null, filter.flow ?? null, filter.beforeId ?? null, Math.min(Math.max(filter.limit ?? 50, 1), 500)],
      );
      return rows;
    },
    async steps(runId) {
      const { rows } = await db.query<SyncStepRow>(
        `select record_key as "recordKey", step, status, error_code as "errorCode", ms, at
           from sync_step where run_id = $1 order by id`,
        [runId],
      );
      return rows;
    },
  };
  return log;
}
