/**
 * Batched writes with a fallback: send many records in one call (where an ERP-bound connector gets its speed) and,
 * when the ERP refuses the batch because of a record, halve it until the bad record fails alone. One ERP call is
 * one database transaction, so a refused batch created nothing and can be re-sent in parts safely.
 */
import { classify, type ErrorCode, type SyncError } from '../core/errors.ts';

export type ItemResult<O> = { ok: true; value: O } | { ok: false; error: SyncError };

/** Errors a single record can cause: only these are worth isolating by splitting the batch. */
const RECORD_ERRORS: ReadonlySet<ErrorCode> = new Set(['ERP_VALIDATION', 'ERP_USER_ERROR', 'ERP_UNKNOWN_FIELD']);

export const DEFAULT_BATCH_SIZE = 200;

/**
 * Sends `items` in chunks of `batchSize` through `send` (which returns one value per item, in order) and returns one
 * result per item, in input order. A record error splits the chunk in halves down to single items; any other
 * error (the ERP is down, access denied, unknown model) would fail every item alike, so the items not yet sent get
 * that error without being sent.
 */
export async function sendWithFallback<I, O>(
  items: readonly I[],
  batchSize: number,
  send: (chunk: readonly I[]) => Promise<O[]>,
): Promise<ItemResult<O>[]> {
  const size = Number.isInteger(batchSize) && batchSize > 0 ? batchSize : DEFAULT_BATCH_SIZE;
  const results: ItemResult<O>[] = new Array<ItemResult<O>>(items.length);
  let stopWith: SyncError | undefined;

  const fail = (start: number, end: number, error: SyncError): void => {
    for (let i = start; i < end; i++) results[i] = { ok: false, error };
  };

  const attempt = async (start: number, end: number): Promise<void> => {
    if (stopWith) return fail(start, end, stopWith);
    try {
      const values = await send(items.slice(start, end));
      for (let i = start; i < end; i++) results[i] = { ok: true, value: values[i - start] as O };
    } catch (e) {
      const error = classify(e);
      const isolatable = error.kind === 'permanent' && RECORD_ERRORS.has(error.code);
      if (!isolatable) {
        stopWith = error;
        return fail(start, end, error);
      }
      if (end - start === 1) return fail(start, end, error);
      // Halving keeps the cost of one bad record in a batch of n near 2*log2(n) extra calls.
      const mid = start + Math.ceil((end - start) / 2);
      await attempt(start, mid);
      await attempt(mid, end);
    }
  };

  for (let start = 0; start < items.length; start += size) {
    await attempt(start, Math.min(items.length, start + size));
  }
  return results;
}
