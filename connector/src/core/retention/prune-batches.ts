/**
 * The one way the retention prune deletes: a bounded statement (`delete ... where id in (select id ... limit $n)`)
 * repeated until a batch comes back short. Each statement commits on its own, so a huge table is pruned in small
 * transactions that never hold many row locks nor a long snapshot.
 */
import type { Queryable } from '../sql.ts';

export interface BatchOptions {
  /** Rows per statement (default 1000). */
  batchSize?: number;
  /** Statements per call at most (default 100): the rest waits for the next hourly run. */
  maxBatches?: number;
  /** Stops between batches (the worker is stopping). */
  signal?: AbortSignal;
}

/**
 * Runs `sql` until it deletes fewer than the batch size. Its last parameter (`$<params.length + 1>`) is the batch
 * size, to be used as the inner select's limit. Returns how many rows were deleted.
 */
export async function pruneInBatches(db: Queryable, sql: string, params: readonly unknown[], opts: BatchOptions = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 1000;
  const maxBatches = opts.maxBatches ?? 100;
  let total = 0;
  for (let i = 0; i < maxBatches && !opts.signal?.aborted; i++) {
    const { rowCount } = await db.query(sql, [...params, batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) break;
  }
  return total;
}
