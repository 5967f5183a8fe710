/**
 * sync_run and its step log. A run is one sweep or one job; its steps are written in one INSERT per batch (the
 * step log must stay cheap on the hot path) and its counts add up across batches.
 */
import type { Queryable } from '../sql.ts';
import type { RecordStatus, StepLogEntry, WorkflowResult } from './runner.ts';
import type { WorkRecord } from './step.ts';

/**
 * queued: requested, no worker on it yet; running; then succeeded | partial | failed by the counts, conflict (a
 * requested run about one record that ended in a conflict) or interrupted (its worker stopped or died first).
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed' | 'conflict' | 'interrupted';

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
  correlationId: string | null;
  subject: string | null;
  outcome: unknown;
}

export interface RunStart {
  backendId: number;
  flow: string;
  trigger: string;
  correlationId?: string | null;
  /** The heartbeat id of the process running it (see interruptOwned). */
  owner?: string | null;
  subject?: string | null;
  /** 'queued' for a request a worker takes later (then `begin`); 'running' by default. */
  status?: 'queued' | 'running';
}

export interface SyncStepRow extends StepLogEntry {
  at: Date;
}

export interface RunLog {
  /** Opens a run; `trigger` says why: 'sweep', 'job', 'cli', 'api', 'conflict-resolved', ... `tx` to open it inside a transaction. */
  start(input: RunStart, tx?: Queryable): Promise<number>;
  /** Opens many runs in one statement (a bulk retry: one run per record); their ids in the order of `inputs`. */
  startMany(inputs: readonly RunStart[], tx?: Queryable): Promise<number[]>;
  /** A worker takes a queued (or interrupted) run: running, owned by `owner`; false when it was already closed. */
  begin(runId: number, owner: string | null): Promise<boolean>;
  /** Appends a batch's steps (one statement) and adds its outcome counts to the run's. */
  record(runId: number, result: Pick<WorkflowResult<WorkRecord>, 'steps' | 'counts'>): Promise<void>;
  writeSteps(runId: number, entries: readonly StepLogEntry[]): Promise<void>;
  /** Closes the run; the status defaults to what its counts say (see runStatusOf). */
  finish(runId: number, result?: { status?: RunStatus; errorCode?: string | null; outcome?: unknown }): Promise<SyncRunRow>;
  /** Closes the open runs of these owners (processes that stopped or died) as interrupted; returns how many. */
  interruptOwned(owners: readonly string[]): Promise<number>;
  get(runId: number): Promise<SyncRunRow | null>;
  list(filter?: { backendId?: number; flow?: string; correlationId?: string; beforeId?: number; limit?: number }): Promise<SyncRunRow[]>;
  steps(runId: number): Promise<SyncStepRow[]>;
}

/** succeeded: nothing failed; partial: some records went through; failed: none did (skips are not failures). */
export function runStatusOf(counts: Partial<Record<RecordStatus, number>>): RunStatus {
  const bad = (counts.failed ?? 0) + (counts.conflict ?? 0) + (counts.retry ?? 0);
  if (bad === 0) return 'succeeded';
  return (counts.ok ?? 0) + (counts.skipped ?? 0) > 0 ? 'partial' : 'failed';
}

const RUN_COLUMNS = `id::int as "id", backend_id as "backendId", flow, trigger, started_at as "startedAt",
  finished_at as "finishedAt", status, counts, error_code as "errorCode", correlation_id as "correlationId",
  subject, outcome`;

/** The run log over `db` (a pool; no transaction needed). */
export function createRunLog(db: Queryable): RunLog {
  const log: RunLog = {
    async start(input, tx = db) {
      const { rows } = await tx.query<{ id: number }>(
        `insert into sync_run (backend_id, flow, trigger, correlation_id, owner, subject, status)
         values ($1, $2, $3, $4, $5, $6, $7) returning id::int as id`,
        [input.backendId, input.flow, input.trigger, input.correlationId ?? null, input.owner ?? null, input.subject ?? null, input.status ?? 'running'],
      );
      return rows[0]!.id;
    },
    async startMany(inputs, tx = db) {
      if (inputs.length === 0) return [];
      const col = <T>(f: (i: RunStart) => T) => inputs.map(f);
      // Rows are inserted in the inputs' order ("with ordinality ... order by") and take their ids from the
      // sequence in that order: sorted, the ids match the inputs one to one.
      const { rows } = await tx.query<{ id: number }>(
        `insert into sync_run (backend_id, flow, trigger, correlation_id, owner, subject, status)
         select b, f, t, c, o, s, st from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
           with ordinality as i(b, f, t, c, o, s, st, n) order by n
         returning id::int as id`,
        [
          col((i) => i.backendId),
          col((i) => i.flow),
          col((i) => i.trigger),
          col((i) => i.correlationId ?? null),
          col((i) => i.owner ?? null),
          col((i) => i.subject ?? null),
          col((i) => i.status ?? 'running'),
        ],
      );
      return rows.map((r) => r.id).sort((a, b) => a - b);
    },
    async begin(runId, owner) {
      // An interrupted run is taken again: its job was handed back and is being retried.
      const { rowCount } = await db.query(
        `update sync_run set status = 'running', owner = $2, started_at = now(), finished_at = null, error_code = null
          where id = $1 and status in ('queued', 'running', 'interrupted')`,
        [runId, owner],
      );
      return (rowCount ?? 0) > 0;
    },
    async interruptOwned(owners) {
      if (owners.length === 0) return 0;
      const { rowCount } = await db.query(
        `update sync_run set status = 'interrupted', finished_at = now(), error_code = 'INTERRUPTED'
          where owner = any($1::text[]) and status in ('queued', 'running')`,
        [owners],
      );
      return rowCount ?? 0;
    },
    async get(runId) {
      const { rows } = await db.query<SyncRunRow>(`select ${RUN_COLUMNS} from sync_run where id = $1`, [runId]);
      return rows[0] ?? null;
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
        `update sync_run set finished_at = now(), error_code = $3, outcome = coalesce($4::jsonb, outcome), status = coalesce($2,
           case when ${n('failed')} + ${n('conflict')} + ${n('retry')} = 0 then 'succeeded'
                when ${n('ok')} + ${n('skipped')} > 0 then 'partial' else 'failed' end)
          where id = $1 returning ${RUN_COLUMNS}`,
        [runId, result.status ?? null, result.errorCode ?? null, result.outcome === undefined ? null : JSON.stringify(result.outcome)],
      );
      return rows[0]!;
    },
    async list(filter = {}) {
      // "order by sync_run.id": a bare "id" would be the output column (id::int), which no index orders.
      const { rows } = await db.query<SyncRunRow>(
        `select ${RUN_COLUMNS} from sync_run
          where ($1::int is null or backend_id = $1) and ($2::text is null or flow = $2) and ($3::bigint is null or id < $3)
            and ($5::text is null or correlation_id = $5)
          order by sync_run.id desc limit $4`,
        [filter.backendId ?? null, filter.flow ?? null, filter.beforeId ?? null, Math.min(Math.max(filter.limit ?? 50, 1), 500), filter.correlationId ?? null],
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
