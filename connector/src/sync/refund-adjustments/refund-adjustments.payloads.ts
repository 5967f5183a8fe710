/** The refund-adjustments flow's name, task names and payloads (ids only). Stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const REFUND_ADJUSTMENTS_FLOW = 'refund-adjustments';
export const FEED_TYPE = 'POST_PAYMENT_ADJUSTMENT_DATA';
/** The conflict kind (key = the seller's adjustment id, `CN<credit note id>`). */
export const REFUND_ADJUSTMENT_KIND = 'refund-adjustment';

export const TaskNames = {
  /** `{ backendId, ids }`: ERP credit notes (account.move) to check: the change feed, the sweep, a retry. */
  check: 'check',
  /** `{ backendId, feedId }`: a feed's processing report was read (the Feeds core). */
  results: 'results',
  /** Crontab: one safety sweep per backend where the flow is on. */
  sweepAll: 'sweep-all',
  /** `{ backendId }`: recent posted credit notes marked for Amazon, checked (the net under the change feed). */
  sweep: 'sweep',
} as const;

export const Tasks = {
  check: taskName(REFUND_ADJUSTMENTS_FLOW, TaskNames.check),
  results: taskName(REFUND_ADJUSTMENTS_FLOW, TaskNames.results),
  sweepAll: taskName(REFUND_ADJUSTMENTS_FLOW, TaskNames.sweepAll),
  sweep: taskName(REFUND_ADJUSTMENTS_FLOW, TaskNames.sweep),
} as const;

export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;
