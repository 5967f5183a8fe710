/**
 * Steps with typed inputs and outputs, for flows whose records grow step by step. A `TypedStep<In, Out>` reads
 * records of type `In` and gives each one that passes an `Out` (`ctx.done(record, out)`); the pipeline adds it to
 * the record, so the next step sees `In & Out`. `pipeline<Start>().then(a).then(b)` checks at compile time that
 * every step's input is what the steps before it produced: no shared bag of optional fields read with `!`.
 * Underneath it is the plain runner (`runWorkflow`): same batching, failures, compensation and step log.
 */
import { PermanentError, type SyncError } from '../errors.ts';
import { runWorkflow, type RecordStatus, type StepLogEntry } from './runner.ts';
import type { Step, StepContext, WorkRecord } from './step.ts';

export interface TypedStepContext<In extends WorkRecord, Out> extends StepContext<In> {
  /** What `record` gained in this step. A live record given neither `done` nor `fail` fails as INTERNAL. */
  done(record: In, out: Out): void;
}

interface TypedStepBase<In extends WorkRecord, Out> {
  name: string;
  /** Property, not method: the compiler then checks that a step is only chained after records that fit `In`. */
  invoke: (records: readonly In[], ctx: TypedStepContext<In, Out>) => Promise<void>;
}

/** A step that reads `In` and adds `Out`; it says why it has no compensation, or has one. */
export type TypedStep<In extends WorkRecord, Out extends object> = TypedStepBase<In, Out> &
  ({ compensate: (records: readonly (In & Out)[]) => Promise<void>; noCompensation?: never } | { noCompensation: string; compensate?: never });

/** A record's outcome: a record that went through has every step's output; one that left early, the start type. */
export type TypedOutcome<Start extends WorkRecord, End extends Start> =
  | { status: 'ok'; record: End; error?: undefined; failedStep?: undefined }
  | { status: Exclude<RecordStatus, 'ok'>; record: Start; error: SyncError; failedStep: string; compensationErrors?: SyncError[] };

export interface TypedWorkflowResult<Start extends WorkRecord, End extends Start> {
  outcomes: TypedOutcome<Start, End>[];
  counts: Record<RecordStatus, number>;
  steps: StepLogEntry[];
}

export interface Pipeline<Start extends WorkRecord, Cur extends Start> {
  /** Adds a step whose input the records already satisfy; its output joins the record's type. */
  then<Out extends object>(step: TypedStep<Cur, Out>): Pipeline<Start, Cur & Out>;
  /** The steps as the plain runner takes them. */
  readonly steps: ReadonlyArray<Step<Start>>;
  /** Runs the steps over `records` (see runWorkflow). */
  run(records: readonly Start[], options?: { writeSteps?: (entries: StepLogEntry[]) => Promise<void> }): Promise<TypedWorkflowResult<Start, Cur>>;
}

/** The plain step that runs `step` and merges each record's output into it. */
function untyped<In extends WorkRecord, Out extends object>(step: TypedStep<In, Out>): Step<In> {
  const invoke = async (records: readonly In[], ctx: StepContext<In>) => {
    const outs = new Map<In, Out>();
    const failed = new Set<In>();
    await step.invoke(records, {
      fail(record, error) {
        failed.add(record);
        ctx.fail(record, error);
      },
      done(record, out) {
        outs.set(record, out);
      },
    });
    for (const r of records) {
      if (failed.has(r)) continue;
      const out = outs.get(r);
      if (out === undefined) ctx.fail(r, new PermanentError('INTERNAL', `step ${step.name} gave no result for ${r.key}`));
      else Object.assign(r, out);
    }
  };
  if (step.compensate) {
    const compensate = step.compensate;
    return { name: step.name, invoke, compensate: (records) => compensate(records as readonly (In & Out)[]) };
  }
  return { name: step.name, invoke, noCompensation: step.noCompensation! };
}

function build<Start extends WorkRecord, Cur extends Start>(steps: ReadonlyArray<Step<Start>>): Pipeline<Start, Cur> {
  return {
    steps,
    then<Out extends object>(step: TypedStep<Cur, Out>) {
      return build<Start, Cur & Out>([...steps, untyped(step) as unknown as Step<Start>]);
    },
    async run(records, options = {}) {
      const result = await runWorkflow(steps, records, options);
      return result as unknown as TypedWorkflowResult<Start, Cur>;
    },
  };
}

/** An empty pipeline over records of type `Start`. */
export function pipeline<Start extends WorkRecord>(): Pipeline<Start, Start> {
  return build<Start, Start>([]);
}
