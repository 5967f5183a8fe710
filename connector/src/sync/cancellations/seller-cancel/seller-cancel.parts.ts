/**
 * What seller cancellations add to the `cancellations` flow (contract 6): h/cancel-in's `cancellations.flow.ts`
 * spreads these into its `defineFlow` (tasks, subscriptions, feeds, codes and conflict kinds appended to its own).
 */
import { enqueue } from '../../../core/queue/enqueue.ts';
import type { Queryable } from '../../../core/sql.ts';
import { ChangedRecords } from '../../frame/change-feed/index.ts';
import { FeedResultPayload } from '../../frame/feeds/index.ts';
import { defineTask, type ErpSubscription, type FlowFeedType, type FlowTask } from '../../frame/flow.ts';
import type { FlowConflictActions, FlowConflictKind } from '../../frame/flow-conflicts.ts';
import { checkLines, checkOrders, type CheckOutcome } from './check-orders.ts';
import { LINE_FIELDS, ORDER_FIELDS } from './erp/sale-cancel.gateway.ts';
import { applyFeedResults } from './read-results.ts';
import type { TaskLogger } from '../../frame/task-env.ts';
import { sellerCancelErrorList } from './seller-cancel.errors.ts';
import { FEED_TYPE, SellerCancelTaskNames, SellerCancelTasks } from './seller-cancel.payloads.ts';
import { markRetry, SELLER_CANCEL_CONFLICT } from './seller-cancel.records.ts';

const logQueued = (log: TaskLogger, backendId: number, outcomes: CheckOutcome[]) => {
  const queued = outcomes.filter((o) => o.action === 'queued' && o.created).length;
  if (queued) log.info('seller cancellations queued', { backendId, queued });
};

const ordersTask = defineTask({
  name: SellerCancelTaskNames.orders,
  payload: ChangedRecords,
  async run(job, p) {
    logQueued(job.env.log, p.backendId, await checkOrders(job, p.backendId, p.ids));
  },
});

const linesTask = defineTask({
  name: SellerCancelTaskNames.lines,
  payload: ChangedRecords,
  async run(job, p) {
    logQueued(job.env.log, p.backendId, await checkLines(job, p.backendId, p.ids));
  },
});

const resultsTask = defineTask({
  name: SellerCancelTaskNames.results,
  payload: FeedResultPayload,
  async run(job, p) {
    const counts = await applyFeedResults(job.env, p.backendId, p.feedId);
    if (Object.keys(counts).length) job.env.log.info('seller cancellation results', { backendId: p.backendId, feedId: p.feedId, ...counts });
  },
});

/**
 * The change feed: an order cancelled (polled by write_date, only cancelled ones: the orders flow's own writes to
 * open orders queue nothing; a webhook rule on state = cancel when the connector has a public URL) and order lines
 * (polled: a line has no state to hang a rule on; the task reads their orders and compares quantities).
 */
const erpSubscriptions: ErpSubscription[] = [
  { model: 'sale.order', fields: [...ORDER_FIELDS], task: SellerCancelTaskNames.orders, domain: [['state', '=', 'cancel']], webhook: { field: 'state', value: 'cancel' } },
  { model: 'sale.order.line', fields: [...LINE_FIELDS], task: SellerCancelTaskNames.lines },
];

const feeds: FlowFeedType[] = [{ feedType: FEED_TYPE, priority: 80, moneyMoving: false, resultTask: SellerCancelTaskNames.results }];

const conflictKinds: FlowConflictKind[] = [
  {
    kind: SELLER_CANCEL_CONFLICT,
    // "Retry" after a person fixed the cause: the refused requests stop counting and the order is checked again,
    // which queues the units again (the same key: the Feeds core queues a rejected key once more).
    async rerun(c, tx) {
      const saleOrderId = await markRetry(tx, c.backendId, c.amazonKey);
      if (saleOrderId !== null) await enqueue(tx, SellerCancelTasks.orders, { backendId: c.backendId, ids: [saleOrderId] });
    },
  },
];

const conflictActions: Record<string, FlowConflictActions> = {
  SELLER_CANCEL_TOO_LATE: {
    retry: false,
    why: 'Amazon has those units shipped: a seller cancellation cannot undo a shipment; handle them as a return and refund, then dismiss',
  },
  SELLER_CANCEL_UNKNOWN: {
    retry: false,
    why: 'Amazon did not report the outcome: look the order up in Seller Central (cancel it there if it is still open), then dismiss',
  },
};

/** Queues a check of ERP orders (e.g. one the connector itself cancelled for a buyer's request), in `tx`. */
export async function queueSellerCancelCheck(tx: Queryable, backendId: number, saleOrderIds: readonly number[]): Promise<void> {
  if (saleOrderIds.length) await enqueue(tx, SellerCancelTasks.orders, { backendId, ids: [...saleOrderIds] });
}

export const sellerCancelParts = {
  tasks: [ordersTask, linesTask, resultsTask] as FlowTask[],
  erpSubscriptions,
  feeds,
  errorCodes: sellerCancelErrorList,
  conflictKinds,
  conflictActions,
};
