/** The reconciliation's task names and payloads (ids only). The names are stable: they are in queued jobs. */
import { Type, type Static } from 'typebox';
import { taskName } from '../../frame/flow.ts';
import { MERCHANT_STOCK_FLOW } from '../merchant-stock.payloads.ts';

export const ReconcileTaskNames = {
  reconcile: 'reconcile',
  reconcileAll: 'reconcile-all',
  quantityNotified: 'quantity-notified',
  recheckDue: 'recheck-due',
} as const;

export const ReconcileTasks = {
  /** Every known SKU of a backend compared with Amazon's listings (enqueue it to reconcile now). */
  reconcile: taskName(MERCHANT_STOCK_FLOW, ReconcileTaskNames.reconcile),
  /** Crontab: a reconcile for each backend whose last one is older than `merchantStock.reconcile.intervalMinutes`. */
  reconcileAll: taskName(MERCHANT_STOCK_FLOW, ReconcileTaskNames.reconcileAll),
  /** A LISTINGS_ITEM_MFN_QUANTITY_CHANGE notification: an echo ignored, anything else a re-check of its SKU. */
  quantityNotified: taskName(MERCHANT_STOCK_FLOW, ReconcileTaskNames.quantityNotified),
  /** The SKUs whose notified re-check is due, reconciled together. */
  recheckDue: taskName(MERCHANT_STOCK_FLOW, ReconcileTaskNames.recheckDue),
} as const;

export const ReconcilePayload = Type.Object({
  backendId: Type.Integer({ minimum: 1 }),
  /** Why (shown as the sync run's trigger `reconcile:<trigger>`); absent: `task`. */
  trigger: Type.Optional(Type.Union([Type.Literal('cron'), Type.Literal('task')])),
});
export type ReconcilePayload = Static<typeof ReconcilePayload>;
