/**
 * What the import made of each order of a batch, written down: the sync state of every order (one statement
 * later), a conflict per problem (snapshots without buyer data), the orders to retry and the tallies for metrics.
 */
import type { CoreServices } from '../../core/services.ts';
import type { RecordOutcome } from '../../core/workflow/runner.ts';
import { orderSnapshot } from './order-documents.ts';
import type { OrderStateUpdate } from './order-sync-state.ts';
import type { OrderWork } from './order-work.ts';

export interface ImportResult {
  imported: string[];
  /** Orders to try again later (a retryable error), with the shortest wait asked for. */
  retry: string[];
  retryAfterMs: number;
  counts: Record<string, number>;
  /** Conflicts raised and records failed, per stable code (for the metrics). */
  conflictCodes: Record<string, number>;
  failedCodes: Record<string, number>;
}

/** The order as a conflict may keep it: the store hands the workflow buyer and recipient, a conflict never keeps them. */
export const snapshot = orderSnapshot;

export const tally = (into: Record<string, number>, code: string) => void (into[code] = (into[code] ?? 0) + 1);

/** Adds each outcome to `states` and `result`, raising the conflicts on the way. */
export async function recordOutcomes(
  core: CoreServices,
  backendId: number,
  outcomes: ReadonlyArray<RecordOutcome<OrderWork>>,
  states: OrderStateUpdate[],
  result: ImportResult,
): Promise<void> {
  for (const o of outcomes) {
    const r = o.record;
    result.counts[o.status] = (result.counts[o.status] ?? 0) + 1;
    if (o.status === 'ok') {
      result.imported.push(r.key);
      states.push({
        amazonOrderId: r.key,
        state: 'imported',
        code: null,
        erpOrderName: r.erpName ?? null,
        total: r.mapped?.expectedTotal.amount ?? null,
        currency: r.mapped?.currency ?? null,
        withheldTax: r.mapped?.withheldTax,
        ...(r.mapped ? { shipped: r.mapped.shipped } : {}),
      });
    } else if (o.status === 'conflict') {
      const problems = r.problems ?? [{ code: o.error!.code, message: o.error!.message, details: o.error!.details }];
      for (const p of problems) {
        await core.conflicts.raise({ backendId, kind: 'order', amazonKey: r.key, code: p.code, message: p.message, diff: p.details, amazonSnapshot: snapshot(r.stored.order) });
        tally(result.conflictCodes, p.code);
      }
      states.push({ amazonOrderId: r.key, state: 'conflict', code: problems[0]!.code });
    } else if (o.status === 'retry') {
      result.retry.push(r.key);
      result.retryAfterMs = Math.max(result.retryAfterMs, (o.error as { retryAfterMs?: number } | undefined)?.retryAfterMs ?? 0);
      states.push({ amazonOrderId: r.key, state: 'queued', code: o.error?.code ?? null });
    } else if (o.status === 'failed') {
      states.push({ amazonOrderId: r.key, state: 'failed', code: o.error?.code ?? 'INTERNAL' });
      tally(result.failedCodes, o.error?.code ?? 'INTERNAL');
    }
  }
}
