/**
 * Runs steps in order over a batch of records. A record failing in step i is taken out: steps i-1..0 compensate
 * it (in reverse, batched with the other records that failed in step i), and the others go on. Skips (SkipError)
 * are not failures: nothing is undone. Every record x step lands in the step log, written once per batch.
 */
import { classify, type SyncError } from '../errors.ts';
import type { Step, StepContext, WorkRecord } from './step.ts';

export type RecordStatus = 'ok' | 'skipped' | 'retry' | 'failed' | 'conflict';
export type StepStatus = 'ok' | 'skipped' | 'retry' | 'failed' | 'conflict' | 'compensated' | 'compensation_failed';

export interface StepLogEntry {
  recordKey: string;
  step: string;
  status: StepStatus;
  errorCode: string | null;
  /** Wall time of the step for the whole batch the record was in. */
  ms: number;
}

export interface RecordOutcome<R extends WorkRecord> {
  record: R;
  status: RecordStatus;
  error?: SyncError;
  /** Step where the record left the workflow. */
  failedStep?: string;
  /** Compensations that themselves failed (the record may need a person). */
  compensationErrors?: SyncError[];
}

export interface WorkflowResult<R extends WorkRecord> {
  outcomes: RecordOutcome<R>[];
  counts: Record<RecordStatus, number>;
  steps: StepLogEntry[];
}

const STATUS_OF = { retryable: 'retry', permanent: 'failed', skip: 'skipped', conflict: 'conflict' } as const;

/** Runs `steps` over `records`; `writeSteps` (e.g. RunLog.writeSteps) receives the step log once, at the end. */
export async function runWorkflow<R extends WorkRecord>(
  steps: readonly Step<R>[],
  records: readonly R[],
  options: { writeSteps?: (entries: StepLogEntry[]) => Promise<void> } = {},
): Promise<WorkflowResult<R>> {
  const log: StepLogEntry[] = [];
  const outcomes = new Map<R, RecordOutcome<R>>();
  let live = [...records];

  for (let i = 0; i < steps.length && live.length > 0; i++) {
    const step = steps[i]!;
    const failures = new Map<R, SyncError>();
    const ctx: StepContext<R> = {
      fail(record, error) {
        if (!failures.has(record)) failures.set(record, classify(error));
      },
    };
    const started = performance.now();
    try {
      await step.invoke(live, ctx);
    } catch (e) {
      const error = classify(e);
      for (const r of live) if (!failures.has(r)) failures.set(r, error);
    }
    const ms = Math.round(performance.now() - started);
    for (const r of live) {
      const err = failures.get(r);
      log.push({ recordKey: r.key, step: step.name, status: err ? STATUS_OF[err.kind] : 'ok', errorCode: err?.code ?? null, ms });
    }
    const undo: R[] = [];
    for (const [r, error] of failures) {
      outcomes.set(r, { record: r, status: STATUS_OF[error.kind], error, failedStep: step.name });
      if (error.kind !== 'skip') undo.push(r);
    }
    live = live.filter((r) => !failures.has(r));
    await compensate(steps.slice(0, i), undo, outcomes, log);
  }
  for (const r of live) outcomes.set(r, { record: r, status: 'ok' });

  const ordered = records.map((r) => outcomes.get(r)!);
  const counts: Record<RecordStatus, number> = { ok: 0, skipped: 0, retry: 0, failed: 0, conflict: 0 };
  for (const o of ordered) counts[o.status]++;
  if (options.writeSteps && log.length > 0) await options.writeSteps(log);
  return { outcomes: ordered, counts, steps: log };
}

/** Undoes `done` steps for `records`, last step first; a failing compensation is recorded and the rest go on. */
async function compensate<R extends WorkRecord>(
  done: readonly Step<R>[],
  records: R[],
  outcomes: Map<R, RecordOutcome<R>>,
  log: StepLogEntry[],
): Promise<void> {
  if (records.length === 0) return;
  for (const step of [...done].reverse()) {
    if (!step.compensate) continue;
    const started = performance.now();
    let error: SyncError | undefined;
    try {
      await step.compensate(records);
    } catch (e) {
      error = classify(e);
    }
    const ms = Math.round(performance.now() - started);
    for (const r of records) {
      log.push({ recordKey: r.key, step: step.name, status: error ? 'compensation_failed' : 'compensated', errorCode: error?.code ?? null, ms });
      if (error) (outcomes.get(r)!.compensationErrors ??= []).push(error);
    }
  }
}
