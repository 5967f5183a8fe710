/**
 * Batched writes with a fallback: send many records in one call (where an ERP-bound connector gets its speed) and,
 * when the ERP refuses the batch because of a record, halve it until the bad record fails alone. One ERP call is
 * one database transaction, so a refused batch created nothing and can be re-sent in parts safely.
 *
 * A TIMED-OUT batch is different: the ERP may still be running it (Odoo keeps working after the client gave up,
 * and commits), so it is never re-sent blindly. The caller's `reconcile` re-reads what the batch was to do (the
 * orders' state, the created records by their reference); only what is still undone is sent again, once, in
 * batches sized anew (a timeout shrinks them). Without `reconcile`, a timeout stops the run like any other
 * retryable error.
 */
import { classify, type ErrorCode, type SyncError } from '../core/errors.ts';

export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: SyncError };

/** Errors a single record can cause: only these are worth isolating by splitting the batch. */
const RECORD_ERRORS: ReadonlySet<ErrorCode> = new Set(['ERP_VALIDATION', 'ERP_USER_ERROR', 'ERP_UNKNOWN_FIELD']);

export const DEFAULT_BATCH_SIZE = 200;

/** How the batches are cut and what to do after a timeout. */
export interface BatchPlan<I, O> {
  /**
   * Records for the next call, asked before each batch with the number still to send (an adaptive sizer answers
   * from the last calls' times); the records are then split evenly over the calls this size implies.
   */
  nextSize(pending: number): number;
  /**
   * Re-reads the ERP after `chunk` timed out or was refused: per item, its value when the ERP
   * already did it (the timed-out call completed server-side), `undefined` when it is still to be sent. Throws
   * when the ERP cannot be read: nothing is then re-sent. `afterTimeout`: the timed-out call may still be
   * running (the reader may wait for it); false: the batch was refused, one look is enough.
   */
  reconcile?(chunk: readonly I[], afterTimeout: boolean): Promise<Array<O | undefined>>;
}

/**
 * Sends `items` in chunks through `send` (which returns one value per item, in order) and returns one result per
 * item, in input order. A record error splits the chunk in halves down to single items; any other error (the ERP
 * is down, access denied, unknown model) would fail every item alike, so the items not yet sent get that error
 * without being sent; a timeout first asks `plan.reconcile` (see the file's comment).
 */
export async function sendWithFallback<I, O>(
  items: readonly I[],
  batchSizeOrPlan: number | BatchPlan<I, O>,
  send: (chunk: readonly I[]) => Promise<O[]>,
): Promise<ItemResult<O>[]> {
  const plan: BatchPlan<I, O> = typeof batchSizeOrPlan === 'number' ? fixedSize(batchSizeOrPlan) : batchSizeOrPlan;
  const results: ItemResult<O>[] = new Array<ItemResult<O>>(items.length);
  const pending: number[] = items.map((_, i) => i);
  /** Items sent once already by a call that timed out: never sent a third time. */
  const resent = new Set<number>();
  /** Items already re-read after a refusal (the halving below does not re-read at every level). */
  const rechecked = new Set<number>();
  let stopWith: SyncError | undefined;

  const fail = (idx: readonly number[], error: SyncError): void => {
    for (const i of idx) results[i] = { ok: false, error };
  };
  /** What the ERP did of `idx` per the re-read; the rest, still to send. Undefined: the re-read failed. */
  const reread = async (idx: readonly number[], afterTimeout: boolean): Promise<number[] | undefined> => {
    try {
      const found = await plan.reconcile!(idx.map((i) => items[i]!), afterTimeout);
      const undone: number[] = [];
      idx.forEach((i, k) => {
        const v = found[k];
        if (v === undefined) undone.push(i);
        else results[i] = { ok: true, value: v };
      });
      return undone;
    } catch {
      return undefined;
    }
  };

  const attempt = async (idx: number[]): Promise<void> => {
    if (stopWith) return fail(idx, stopWith);
    try {
      const values = await send(idx.map((i) => items[i]!));
      idx.forEach((i, k) => (results[i] = { ok: true, value: values[k] as O }));
    } catch (e) {
      const error = classify(e);
      if (error.code === 'ERP_TIMEOUT' && plan.reconcile) {
        const undone = await reread(idx, true);
        // Unreadable, or timed out again after a re-send: what the re-read found done keeps its value, the rest
        // gets the timeout and the run stops (a later job re-reads before it writes).
        if (undone === undefined || undone.some((i) => resent.has(i))) {
          stopWith = error;
          return fail(undone ?? idx, error);
        }
        for (const i of undone) resent.add(i);
        // Back to the front of the queue: cut again at the size the timeout taught.
        pending.unshift(...undone);
        return;
      }
      const isolatable = error.kind === 'permanent' && RECORD_ERRORS.has(error.code);
      if (!isolatable) {
        stopWith = error;
        return fail(idx, error);
      }
      // Refused: a timed-out call (this run's, or an earlier job's still running in the ERP) may have done them
      // meanwhile, and Odoo refuses a second confirmation; what it did is done, not failed. One look per item.
      let rest = idx;
      if (plan.reconcile && idx.some((i) => !rechecked.has(i))) {
        for (const i of idx) rechecked.add(i);
        rest = (await reread(idx, false)) ?? idx;
        if (rest.length < idx.length) return rest.length ? attempt(rest) : undefined;
      }
      if (rest.length === 1) return fail(rest, error);
      // Halving keeps the cost of one bad record in a batch of n near 2*log2(n) extra calls.
      const mid = Math.ceil(rest.length / 2);
      await attempt(rest.slice(0, mid));
      await attempt(rest.slice(mid));
    }
  };

  while (pending.length) {
    const size = plan.nextSize(pending.length);
    await attempt(pending.splice(0, evenChunk(pending.length, Number.isInteger(size) && size > 0 ? size : DEFAULT_BATCH_SIZE)));
  }
  return results;
}

/**
 * The next chunk of `pending` items when a call may take `size`: the items split evenly over the fewest calls of
 * at most `size` (130 at 100 a call: 65 + 65, not 100 + 30). The same number of calls, but none far below what the
 * ERP can take in one and none at the limit: the last, small call would wait behind the ERP's per-call overhead
 * for little work, and the full one is the likeliest to outlast the target.
 */
export function evenChunk(pending: number, size: number): number {
  if (pending <= size) return pending;
  return Math.ceil(pending / Math.ceil(pending / size));
}

function fixedSize<I, O>(batchSize: number): BatchPlan<I, O> {
  const size = Number.isInteger(batchSize) && batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
  return { nextSize: () => size };
}
