/**
 * The order import, declared: its tasks and crontab, its set-up, its conflict kind and what "retry" does, its
 * settings, and what it does when a backend is enabled again or changed. Nothing outside this folder names them.
 */
import { isoAt } from '../frame/conflict-urgency.ts';
import { defineFlow } from '../frame/flow.ts';
import { Tasks } from './orders.payloads.ts';
import { ordersSettings } from './orders.settings.ts';
import { ordersLookupTables } from './orders.lookups.ts';
import { ordersApiParts } from './orders.api.ts';
import { ordersServicesOf } from './orders-env.ts';
import { ORDER_DOCUMENT } from './order-documents.ts';
import { ordersCrontab, ordersGoLive, ordersTasks } from './orders.tasks.ts';
import { requeueQueuedOrders } from './requeue-waiting.ts';
import { enqueueResync, enqueueResyncMany } from './resync-order.task.ts';
import { ordersCuredBySetup } from './setup/cured-by-setup.ts';
import { ordersSetupStep } from './setup/orders-setup.step.ts';
import { carrierSetupStep } from './setup/carrier-setup.step.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { amazonCancelledActions } from '../cancellations/index.ts';
import { mapSkuAction } from './conflicts/map-sku.action.ts';
import { keepErpAction, takeAmazonAction } from './conflicts/edited-order.actions.ts';
import { activateAndRetryAction } from './conflicts/activate-product.action.ts';
import { ORDER_CHANGED_TASK } from './order-notified.task.ts';

export const ordersFlow = defineFlow({
  ...ordersGoLive,
  description: 'Amazon orders into ERP sale orders (customers, lines, taxes), kept up to date until shipped',
  tasks: ordersTasks,
  crontab: ordersCrontab,
  setup: [ordersSetupStep, carrierSetupStep],
  // Near real time: an ORDER_CHANGE notification fetches its order at once; the sweep stays the safety net.
  amazonNotifications: [{ type: 'ORDER_CHANGE', task: ORDER_CHANGED_TASK }],
  settings: ordersSettings,
  lookupTables: ordersLookupTables,
  // Fetched orders whose import is done may be pruned (retention); queued, waiting, failed or in conflict never.
  documents: { kind: ORDER_DOCUMENT.name, finishedStates: ['imported', 'kept', 'ignored', 'not_imported'] },
  // Its API routes and schemas, error codes, status counts and mapping targets.
  ...ordersApiParts,
  // After a set-up run that reported none of their blocking problems, these conflicts are retried by themselves.
  curedBySetup: ordersCuredBySetup,
  conflictKinds: [
    {
      kind: 'order',
      // Its ship-by deadline (merchant-fulfilled orders), from the order as stored (no buyer data).
      dueAtOf: (snapshot) => isoAt(snapshot, ['fulfillment', 'shipByWindow', 'latestDateTime']),
      // "Retry" fetches the order again and re-runs its import; a followable run (trigger conflict-resolved) is
      // opened with the job, in the resolving transaction. An order Amazon never identified cannot be fetched.
      async rerun(c, tx, env) {
        if (c.amazonKey.startsWith('unidentified:')) return;
        await enqueueResync(tx, env.core.runs, c.backendId, c.amazonKey, 'conflict-resolved');
      },
      // A bulk retry: the same runs and jobs, in two statements per backend (an order with two conflicts once).
      async rerunMany(cs, tx, env) {
        const fetchable = cs.filter((c) => !c.amazonKey.startsWith('unidentified:'));
        for (const backendId of new Set(fetchable.map((c) => c.backendId))) {
          const keys = fetchable.filter((c) => c.backendId === backendId).map((c) => c.amazonKey);
          await enqueueResyncMany(tx, env.core.runs, backendId, keys, 'conflict-resolved');
        }
      },
    },
  ],
  // Amazon's cancellation is final: a re-run finds the order cancelled and imported again and raises the same
  // conflict. A person answers it with the cancellations flow's actions: cancel_in_erp (only when nothing shipped,
  // and with that flow on) or keep; with the flow on, most never reach a person (cancelled at once when nothing shipped).
  conflictActions: {
    // An unknown SKU: map it to an ERP product from the conflict itself (the order is imported again at once).
    SKU_UNMAPPED: { retry: true, why: 'map the SKU in the SKU table first, or use map_sku', actions: [mapSkuAction] },
    // The SKU's ERP product is archived: activate it from the conflict (then the order is imported again).
    PRODUCT_ARCHIVED: { retry: true, why: 'activate the product in the ERP first, or use activate_and_retry', actions: [activateAndRetryAction] },
    // Edited on both sides: a person picks the winner with take_amazon or keep_erp (both read the ERP order again
    // in a task). Retry stays offered as before (it re-runs the import, which meets the same edit again).
    ORDER_EDITED_IN_ERP: { retry: true, why: 'take_amazon or keep_erp decide which side wins', actions: [takeAmazonAction, keepErpAction] },
    ORDER_CANCELLED_AFTER_IMPORT: {
      retry: false,
      why: 'Amazon cancelled the order for good, so a re-run raises the same conflict again: cancel the ERP order (cancel_in_erp) or keep it',
      actions: amazonCancelledActions,
    },
  },
  // Enabled again: sweep now, and hand the orders stored while disabled (their jobs did nothing) to new jobs.
  async onBackendEnabled(backendId, tx, env) {
    await enqueue(tx, Tasks.sweepOrders, { backendId }, { jobKey: `sweep:${backendId}`, queueName: `sweep:${backendId}`, maxAttempts: 5 });
    const { batchSize } = ordersSettings.of((await env.core.backends.get(backendId)).settings);
    await requeueQueuedOrders(tx, backendId, batchSize);
  },
  // Any change to a backend or its mappings: this process's reference data of it is read again on the next batch.
  onBackendChanged(backendId, _scope, services) {
    ordersServicesOf(services).referenceCache.forget(backendId);
  },
  demo: { describe: 'orders: sweeps Amazon every few minutes and imports new and changed orders as ERP sale orders' },
});
