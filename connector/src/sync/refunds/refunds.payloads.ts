/** The refunds flow's name, task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

export const REFUNDS_FLOW = 'refunds';

/** Local task names (registered as `refunds:<name>`). */
export const TaskNames = { sweepAll: 'sweep-all', sweep: 'sweep', credit: 'credit', notified: 'transaction-notified', recheckAll: 'recheck-uninvoiced-all', recheck: 'recheck-uninvoiced', sweepOrder: 'sweep-order', sweepPosted: 'sweep-posted', kind: 'kind', creditBatch: 'credit-batch' } as const;

export const Tasks = {
  /** Crontab: one sweep job per enabled backend. */
  sweepAll: taskName(REFUNDS_FLOW, TaskNames.sweepAll),
  /** Reads one backend's refund transactions since its cursor (48 hours of overlap) into the documents. */
  sweep: taskName(REFUNDS_FLOW, TaskNames.sweep),
  /** Reads one order's transactions (a TRANSACTION_UPDATE named the order) into the documents. */
  sweepOrder: taskName(REFUNDS_FLOW, TaskNames.sweepOrder),
  /** Reads the transactions posted in a short window (TRANSACTION_UPDATEs posted in it) into the documents. */
  sweepPosted: taskName(REFUNDS_FLOW, TaskNames.sweepPosted),
  /** Makes (or finds) the ERP credit note of one Amazon refund. */
  credit: taskName(REFUNDS_FLOW, TaskNames.credit),
  /** Credits a backend's queued refunds in batches (one reversal wizard, one posting call per batch). */
  creditBatch: taskName(REFUNDS_FLOW, TaskNames.creditBatch),
  /** A TRANSACTION_UPDATE notification: the backend's sweep queued for when Amazon lists the transaction. */
  notified: taskName(REFUNDS_FLOW, TaskNames.notified),
  /** Crontab: one re-check per enabled backend. */
  recheckAll: taskName(REFUNDS_FLOW, TaskNames.recheckAll),
  /** Refunds without invoice whose order is now invoiced: their credit-note task again. */
  recheck: taskName(REFUNDS_FLOW, TaskNames.recheck),
  /** Reads a credited refund's kind (refund, chargeback, A-to-z claim) after its credit note, paced (fill-kind.ts). */
  kind: taskName(REFUNDS_FLOW, TaskNames.kind),
} as const;


export const SweepPayload = Type.Object({ backendId: Type.Integer({ minimum: 1 }), correlationId: Type.Optional(Type.String({ minLength: 1 })) });
export type SweepPayload = Static<typeof SweepPayload>;

export const OrderSweepPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  /** The Amazon order id the notification named. */
  orderId: Type.String({ minLength: 1, maxLength: 64 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type OrderSweepPayload = Static<typeof OrderSweepPayload>;

export const PostedSweepPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  /** The window of posted dates to read (ISO 8601), a few seconds wide: a function of the job's key. */
  from: Type.String({ minLength: 20, maxLength: 40 }),
  to: Type.String({ minLength: 20, maxLength: 40 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type PostedSweepPayload = Static<typeof PostedSweepPayload>;

export const RefundPayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  /** Amazon's REFUND_ID (the transactionId when the transaction has none). */
  refundId: Type.String({ minLength: 1, maxLength: 128 }),
  correlationId: Type.Optional(Type.String({ minLength: 1 })),
});
export type RefundPayload = Static<typeof RefundPayload>;

/** The conflict kind of a refund that cannot become a credit note (key = the refund id). */
export const REFUND_KIND = 'refund';
