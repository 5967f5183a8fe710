/**
 * What the import made of each order of a batch, written down: the sync state of every order (one statement
 * later), a conflict per problem (snapshots without buyer data), the orders to retry and the tallies for metrics.
 */
import type { CoreServices } from '../../core/services.ts';
import { currencyExponent, formatMinor, parseDecimal, rescale } from '../../core/money.ts';
import type { SyncError } from '../../core/errors.ts';
import type { TypedOutcome } from '../../core/workflow/typed-step.ts';
import { orderSnapshot } from './order-documents.ts';
import { erpRefusalConflict } from './erp/erp-refusal.ts';
import type { OrderStateUpdate } from './order-sync-state.ts';
import type { Mapped, OrderRecord, Verified } from './import-records.ts';
import type { MapProblem } from './mapping/order-map-context.ts';
import type { WouldWrite } from './steps/go-live.step.ts';

export interface ImportResult {
  imported: string[];
  /** Orders to try again later (a retryable error), with the shortest wait asked for. */
  retry: string[];
  retryAfterMs: number;
  counts: Record<string, number>;
  /** Conflicts raised and records failed, per stable code (for the metrics). */
  conflictCodes: Record<string, number>;
  failedCodes: Record<string, number>;
  /** A dry run: what it would have written (see steps/go-live.step.ts). */
  dryRun?: WouldWrite[];
}

/** The order as a conflict may keep it: the store hands the workflow buyer and recipient, a conflict never keeps them. */
export const snapshot = orderSnapshot;

/** The problems a failure carries: the mapper's list (map-order), else the error itself. */
function problemsOf(error: SyncError): MapProblem[] {
  const listed = error.details.problems;
  return Array.isArray(listed) && listed.length ? (listed as MapProblem[]) : [{ code: error.code, message: error.message, details: error.details }];
}

export const tally = (into: Record<string, number>, code: string) => void (into[code] = (into[code] ?? 0) + 1);

/** Adds each outcome to `states` and `result`, raising the conflicts on the way. */
export async function recordOutcomes(
  core: CoreServices,
  backendId: number,
  outcomes: ReadonlyArray<TypedOutcome<OrderRecord, OrderRecord & Mapped & Verified>>,
  states: OrderStateUpdate[],
  result: ImportResult,
): Promise<void> {
  for (const o of outcomes) {
    const r = o.record;
    result.counts[o.status] = (result.counts[o.status] ?? 0) + 1;
    if (o.status === 'ok') {
      const { mapped, imported } = o.record;
      result.imported.push(r.key);
      states.push({
        amazonOrderId: r.key,
        state: 'imported',
        code: null,
        erpOrderName: imported.name,
        total: mapped.expectedTotal.amount,
        erpTotal: erpAmount(imported.amountTotal, mapped.currency),
        currency: mapped.currency,
        withheldTax: mapped.withheldTax,
        shipped: mapped.shipped,
      });
    } else if (o.status === 'conflict') {
      const problems = problemsOf(o.error);
      for (const p of problems) {
        await core.conflicts.raise({ backendId, kind: 'order', amazonKey: r.key, code: p.code, message: p.message, diff: p.details, amazonSnapshot: snapshot(r.stored.order) });
        tally(result.conflictCodes, p.code);
      }
      states.push({ amazonOrderId: r.key, state: 'conflict', code: problems[0]!.code, ...erpTotalOf(problems) });
    } else if (o.status === 'retry') {
      result.retry.push(r.key);
      result.retryAfterMs = Math.max(result.retryAfterMs, (o.error as { retryAfterMs?: number }).retryAfterMs ?? 0);
      states.push({ amazonOrderId: r.key, state: 'queued', code: o.error.code });
    } else if (o.status === 'skipped') {
      // A record a step chose to leave (the dry run): not imported, with the reason.
      states.push({ amazonOrderId: r.key, state: 'not_imported', code: o.error.code });
    } else if (o.status === 'failed') {
      // The ERP (or a step) refused the order for good: a visible conflict with its reason, retried from there.
      const c = erpRefusalConflict(o.error);
      await core.conflicts.raise({ backendId, kind: 'order', amazonKey: r.key, code: c.code, message: c.message, diff: c.details, amazonSnapshot: snapshot(r.stored.order) });
      tally(result.conflictCodes, c.code);
      tally(result.failedCodes, o.error.code);
      states.push({ amazonOrderId: r.key, state: 'conflict', code: o.error.code });
    }
  }
}

/** The ERP's amount (a JSON number may carry float noise) as the currency's decimal text ("59.9" -> "59.90"). */
export const erpAmount = (amount: string, currency: string): string => formatMinor(rescale(parseDecimal(amount), currencyExponent(currency)), currency);

/** The ERP total a TOTAL_MISMATCH / TAX_MISMATCH carries (verify-imported's figures), for the order's money view. */
function erpTotalOf(problems: ReadonlyArray<{ details?: unknown }>): { erpTotal: string; currency: string } | Record<string, never> {
  for (const p of problems) {
    const d = p.details as { erpTotal?: unknown; currency?: unknown } | undefined;
    if (typeof d?.erpTotal === 'string' && typeof d.currency === 'string') return { erpTotal: d.erpTotal, currency: d.currency };
  }
  return {};
}
