/**
 * The order flow's task names and payload schemas (ids only, never data). The names are stable: they are in
 * queued jobs. The worker checks every payload against its schema before the task runs (jobs/worker.ts).
 */
import { Type, type Static } from 'typebox';
import { taskName } from '../frame/flow.ts';

/** The flow's name: task prefix, settings and go-live key. */
export const ORDERS_FLOW = 'orders';

/** Local task names (registered as `orders:<name>`). */
export const TaskNames = { sweep: 'sweep', sweepAll: 'sweep-all', import: 'import', resync: 'resync', redactPii: 'redact-pii', takeAmazon: 'take-amazon', keepErp: 'keep-erp', activateProduct: 'activate-product' } as const;

/** The queue names of the order tasks, for enqueueing. */
export const Tasks = {
  /** Fetch changed orders of one backend from Amazon, store them, enqueue imports. */
  sweepOrders: taskName(ORDERS_FLOW, TaskNames.sweep),
  /** Safety net (crontab): make sure every active backend has a sweep pending. */
  sweepAll: taskName(ORDERS_FLOW, TaskNames.sweepAll),
  /** Import a batch of stored orders into the ERP. */
  importOrders: taskName(ORDERS_FLOW, TaskNames.import),
  /** Fetch one order again (getOrder) and re-run its import (a conflict resolved with "retry"). */
  resyncOrder: taskName(ORDERS_FLOW, TaskNames.resync),
  /** Drop the sealed buyer data of stored orders older than each backend's retention (Amazon's DPP). */
  redactPii: taskName(ORDERS_FLOW, TaskNames.redactPii),
  /** A conflict resolved with take_amazon: Amazon's lines onto the edited ERP order (conflicts/edited-order.tasks.ts). */
  takeAmazon: taskName(ORDERS_FLOW, TaskNames.takeAmazon),
  /** A conflict resolved with keep_erp: the edited ERP order accepted as it is (rebound). */
  keepErp: taskName(ORDERS_FLOW, TaskNames.keepErp),
  /** A conflict resolved with activate_and_retry: the archived product made active, then the order re-run. */
  activateProduct: taskName(ORDERS_FLOW, TaskNames.activateProduct),
} as const;

const backendId = Type.Integer({ minimum: 1 });
const correlationId = Type.Optional(Type.String({ minLength: 1 }));

export const SweepPayload = Type.Object({
  backendId,
  /** Set by whoever asked for this sweep; a new one per sweep run otherwise. */
  correlationId,
  /** A backfill: an explicit window instead of the durable cursor. */
  window: Type.Optional(Type.Object({ from: Type.String(), to: Type.String() })),
});
export type SweepPayload = Static<typeof SweepPayload>;

export const ImportPayload = Type.Object({
  backendId,
  amazonOrderIds: Type.Array(Type.String({ minLength: 1 })),
  /** The sweep's or the request's: in the import's logs, sync run and ERP call logs. */
  correlationId,
  /** The requested resync (a sync_run in state running) this import brings to its outcome. */
  resyncRunId: Type.Optional(Type.Integer()),
  /** How many times these orders were already tried (retryable errors only). */
  attempt: Type.Optional(Type.Integer({ minimum: 0 })),
});
export type ImportPayload = Static<typeof ImportPayload>;

export const ResyncPayload = Type.Object({
  backendId,
  amazonOrderId: Type.String({ minLength: 1 }),
  /** The sync_run that tracks the request (queued -> running -> succeeded | conflict | failed). */
  runId: Type.Optional(Type.Integer()),
  correlationId,
});
export type ResyncPayload = Static<typeof ResyncPayload>;

/** A crontab job's payload (graphile-worker adds `_cron`): nothing the task reads. */
export const CronPayload = Type.Object({});

/** One order a person decided about (a conflict action's task): ids only, the task reads the rest again. */
export const OrderDecisionPayload = Type.Object({ backendId, amazonOrderId: Type.String({ minLength: 1 }) });
export type OrderDecisionPayload = Static<typeof OrderDecisionPayload>;

/** activate_and_retry: the archived ERP product to activate, and the order to re-run once it is. */
export const ActivateProductPayload = Type.Object({
  backendId,
  amazonOrderId: Type.String({ minLength: 1 }),
  productId: Type.Integer({ minimum: 1 }),
  /** Other orders whose PRODUCT_ARCHIVED conflicts on the same product the resolution closed: re-run too. */
  others: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
});
export type ActivateProductPayload = Static<typeof ActivateProductPayload>;
