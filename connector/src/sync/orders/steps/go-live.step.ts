/**
 * GO-LIVE (frame): the order flow's cut-over and dry run. Cut-over: an order placed before the backend's
 * `goLive.orders.cutoverAt` is left alone (recorded `not_imported` / BEFORE_CUTOVER, nothing written anywhere
 * else), so switching the flow on does not import a seller's history. Dry run: a step after the look-ups and
 * before the first ERP write (customers) takes every order out with DRY_RUN and notes what would be written —
 * order ids, amounts, line counts, never buyer data — for the run's outcome.
 */
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { SkipError } from '../../../core/errors.ts';
import type { TypedStep } from '../../../core/workflow/typed-step.ts';
import type { GoLive } from '../../frame/flow.ts';
import type { Found, Mapped, OrderRecord } from '../import-records.ts';

/** What a dry run would have written for one order (ids and amounts only). */
export interface WouldWrite {
  amazonOrderId: string;
  action: 'create' | 'confirm-existing' | 'update';
  total: string | null;
  currency: string | null;
  lines: number;
}

/** True when `order` was placed before the cut-over (Amazon's `createdTime` is the purchase date). */
export function beforeCutover(order: Order, goLive: GoLive | null | undefined): boolean {
  if (!goLive?.cutoverAt) return false;
  const placed = Date.parse(order.createdTime);
  return Number.isFinite(placed) && placed < goLive.cutoverAt.getTime();
}

/** The dry run's stop before the first write: notes each order into `into`, then skips it with DRY_RUN. */
export function dryRunStep(into: WouldWrite[]): TypedStep<OrderRecord & Mapped & Found, object> {
  return {
    name: 'dry-run',
    noCompensation: 'writes nothing: it only notes what the next steps would have written',
    async invoke(records, ctx) {
      for (const r of records) {
        into.push({
          amazonOrderId: r.key,
          // Found by reference: it exists in the ERP already (a draft would only be confirmed).
          action: r.existing ? 'confirm-existing' : 'create',
          total: r.mapped.expectedTotal.amount,
          currency: r.mapped.currency,
          lines: r.mapped.lines.length,
        });
        ctx.fail(r, new SkipError('DRY_RUN', 'dry run: nothing written to the ERP'));
      }
    },
  };
}
