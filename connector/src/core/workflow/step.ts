/**
 * A workflow step works on a batch of records at once (one ERP call for 100 orders, not 100 calls) yet fails
 * records one by one: `ctx.fail(record, error)` takes one record out of the batch, a throw takes them all.
 * Every step either undoes itself (`compensate`) or says in words why it cannot or need not
 * (`noCompensation`): irreversible remote writes go last, so there is nothing after them to fail.
 */

/** Per-record state carried through the steps; `key` names the record in the step log (e.g. the order id). */
export interface WorkRecord {
  readonly key: string;
}

export interface StepContext<R extends WorkRecord> {
  /** Takes `record` out of this batch with `error` (classified): later steps skip it, its completed ones compensate. */
  fail(record: R, error: unknown): void;
}

interface StepBase<R extends WorkRecord> {
  /** Stable name, shown in the step log (e.g. 'create-sale-order'). */
  name: string;
  /** Runs on the batch's live records. Must leave each record either done or untouched (failed). */
  invoke(records: readonly R[], ctx: StepContext<R>): Promise<void>;
}

interface Compensated<R extends WorkRecord> extends StepBase<R> {
  /** Undoes this step for records that failed in a later step; called with those records only. */
  compensate(records: readonly R[]): Promise<void>;
  noCompensation?: never;
}

interface Uncompensated<R extends WorkRecord> extends StepBase<R> {
  /** Why this step has no compensation (read-only, idempotent, or irreversible and therefore last). */
  noCompensation: string;
  compensate?: never;
}

export type Step<R extends WorkRecord> = Compensated<R> | Uncompensated<R>;
