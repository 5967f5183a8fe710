/**
 * ERP -> Amazon merchant-fulfilled quantities, declared: the ERP's free stock in the chosen warehouses, less the
 * units of open Amazon orders the ERP has not reserved, less a buffer, sent when it changes (urgent by
 * patchListingsItem, bulk by JSON_LISTINGS_FEED at the lowest feed priority). Off by default.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { defineFlow } from '../frame/flow.ts';
import { anyMerchantOrder } from '../orders/index.ts';
import { merchantStockApiRoutes } from './merchant-stock.api.ts';
import { merchantStockApiSchemas } from './merchant-stock.schemas.ts';
import { merchantStockErrorList } from './merchant-stock.errors.ts';
import { TaskNames, Tasks } from './merchant-stock.payloads.ts';
import { merchantStockSettings } from './merchant-stock.settings.ts';
import { merchantStockCrontab, merchantStockGoLive, merchantStockTasks, scheduleOrdersSeen, schedulePush } from './merchant-stock.tasks.ts';
import { MERCHANT_STOCK_KIND } from './push/refusals.ts';
import { markRecheck, offerCounts } from './store/offer-store.ts';
import { MFN_QUANTITY_NOTIFICATION } from './reconcile/mfn-notification.ts';
import { ReconcileTaskNames } from './reconcile/reconcile.payloads.ts';
import { reconcileGauges } from './reconcile/reconcile-runs.ts';
import { reconcileCrontab, reconcileTasks } from './reconcile/reconcile.tasks.ts';
import { scheduleUrgentPoll, urgentPollCrontab, urgentPollTasks } from './urgent-poll/urgent-poll.tasks.ts';

export const merchantStockFlow = defineFlow({
  ...merchantStockGoLive,
  description: 'ERP -> Amazon merchant-fulfilled quantities: free stock less unreserved Amazon orders less a buffer, by patch or listings feed',
  tasks: [...merchantStockTasks, ...reconcileTasks, ...urgentPollTasks],
  crontab: [...merchantStockCrontab, ...reconcileCrontab, ...urgentPollCrontab],
  // A merchant quantity changed on Amazon (not by our send): the SKU is reconciled (reconcile/README.md).
  amazonNotifications: [{ type: MFN_QUANTITY_NOTIFICATION, task: ReconcileTaskNames.quantityNotified }],
  metrics: reconcileGauges,
  settings: merchantStockSettings,
  errorCodes: merchantStockErrorList,
  // Stock moves that reserve, free or move units change a product's free quantity; quants are never watched
  // (the issue: by polling only), the hourly recompute catches an inventory adjustment. Without a live webhook, done
  // moves are also polled every few seconds by the flow itself (urgent-poll/).
  erpSubscriptions: [
    {
      model: 'stock.move',
      fields: ['product_id', 'state'],
      task: TaskNames.movesDone,
      domain: [['state', 'in', ['assigned', 'partially_available', 'done', 'cancel']]],
      webhook: { field: 'state', value: 'done' },
    },
  ],
  // Lowest priority of the Feeds core: stock waits behind refunds, cancellations and invoices for createFeed tokens
  // (the urgent lane does not use feeds at all).
  feeds: [{ feedType: 'JSON_LISTINGS_FEED', priority: 10, moneyMoving: false, resultTask: TaskNames.feedResult }],
  conflictKinds: [
    {
      kind: MERCHANT_STOCK_KIND,
      // "Retry": the SKU is marked for a re-check; the push sends its current quantity by patch.
      async rerun(c, tx) {
        await markRecheck(tx, c.backendId, [c.amazonKey]);
        await schedulePush(tx, c.backendId);
      },
    },
  ],
  apiRoutes: (env) => merchantStockApiRoutes(env),
  apiSchemas: merchantStockApiSchemas,
  status: { counts: offerCounts },
  async onBackendEnabled(backendId, tx) {
    await enqueue(tx, Tasks.recompute, { backendId }, { queueName: `merchant-stock:${backendId}`, maxAttempts: 10 });
    await scheduleUrgentPoll(tx, backendId, 0);
  },
  // Amazon took a new order's units off its count when it was placed: the same units leave what we show now, in the
  // storing transaction (pending orders too), not at the minute's safety sweep. A changed order (shipped,
  // cancelled) changes the units held back as well. Amazon-fulfilled orders leave the seller's offer alone.
  async onOrdersStored(backendId, amazonOrderIds, tx) {
    if (await anyMerchantOrder(tx, backendId, amazonOrderIds)) await scheduleOrdersSeen(tx, backendId);
  },
  demo: { describe: 'merchant-stock: ERP stock changes reach Amazon merchant quantities (patch when urgent, listings feed in bulk)' },
});
