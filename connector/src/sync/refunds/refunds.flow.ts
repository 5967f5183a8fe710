/**
 * Amazon refunds -> ERP customer credit notes (issue 14, first slice): a sweep of the Finances 2024-06-19
 * transactions by posted date (durable cursor, 48 hours of overlap) stores each refund once by its refund id; the
 * backend's batch job makes their credit notes by the reversal wizard on the orders' invoices (one wizard, one
 * posting call per batch: credit-batch.ts), cut to the refunded lines and posted when each total is Amazon's; the
 * refund's kind is read afterwards, paced (fill-kind.ts). Off by default (a go-live switch per backend): it writes
 * the seller's books.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { creditRefund } from './credit-refund.ts';
import { creditBatch } from './credit-batch.ts';
import { fillKind } from './fill-kind.ts';
import { refundErrorList } from './refunds.errors.ts';
import { OrderSweepPayload, PostedSweepPayload, REFUND_KIND, REFUNDS_FLOW, RefundPayload, SweepPayload, TaskNames, Tasks } from './refunds.payloads.ts';
import { refundsSettings } from './refunds.settings.ts';
import { enqueueCredit, sweepOrderRefunds, sweepPostedRefunds, sweepRefunds } from './sweep-refunds.ts';
import { recheckUninvoiced } from './recheck-uninvoiced.ts';
import { NotificationPayload } from '../frame/notifications/index.ts';
import { onTransactionNotified, TRANSACTION_NOTIFICATION } from './transaction-notified.ts';

const goLive = { name: REFUNDS_FLOW, goLive: { enabledByDefault: false } };

export const refundsFlow = defineFlow({
  ...goLive,
  description: "Amazon refunds as posted ERP customer credit notes (the reversal of the order's invoice), with Amazon's amounts",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepRefunds(job, p.backendId);
        job.env.log.info('refund sweep', { backendId: p.backendId, ...result });
      },
    }),
    defineTask({
      name: TaskNames.sweepOrder,
      payload: OrderSweepPayload,
      async run(job, p) {
        const result = await sweepOrderRefunds(job, p.backendId, p.orderId);
        job.env.log.info('refund sweep of an order', { backendId: p.backendId, orderId: p.orderId, ...result });
      },
    }),
    defineTask({
      name: TaskNames.sweepPosted,
      payload: PostedSweepPayload,
      async run(job, p) {
        const result = await sweepPostedRefunds(job, p.backendId, p);
        job.env.log.info('refund read of a notified window', { backendId: p.backendId, from: p.from, to: p.to, ...result });
      },
    }),
    defineTask({
      name: TaskNames.credit,
      payload: RefundPayload,
      async run(job, p) {
        if (job.goLive?.dryRun) {
          await job.env.core.states.set(p.backendId, REFUNDS_FLOW, [{ key: p.refundId, state: 'dry_run', code: null, detail: { would: 'would make the credit note' } }], { stamp: false });
          return;
        }
        const outcome = await creditRefund(job.env, p.backendId, p.refundId);
        job.env.log.info('refund', { backendId: p.backendId, refundId: p.refundId, ...outcome });
      },
    }),
    defineTask({
      name: TaskNames.creditBatch,
      payload: SweepPayload,
      async run(job, p) {
        if (job.goLive?.dryRun) {
          const keys = await job.env.core.states.list(p.backendId, REFUNDS_FLOW, 'queued');
          await job.env.core.states.set(p.backendId, REFUNDS_FLOW, keys.map((key) => ({ key, state: 'dry_run', code: null, detail: { would: 'would make the credit note' } })), { stamp: false });
          return;
        }
        const result = await creditBatch(job, p.backendId);
        if (result.refunds) job.env.log.info('refunds credited in batches', { backendId: p.backendId, ...result });
      },
    }),
    defineTask({
      name: TaskNames.kind,
      payload: RefundPayload,
      async run(job, p) {
        // A dry run credits nothing, so queues no kind; one queued before it was switched on writes nothing either.
        if (job.goLive?.dryRun) return;
        const outcome = await fillKind(job.env, p.backendId, p.refundId);
        job.env.log.info('refund kind', { backendId: p.backendId, refundId: p.refundId, ...outcome });
      },
    }),
    defineTask({
      name: TaskNames.notified,
      payload: NotificationPayload,
      async run(job, p) {
        const decision = await onTransactionNotified(job, p.backendId, p.notificationId);
        job.env.log.debug('finance transaction notified', { backendId: p.backendId, decision });
      },
    }),
    defineTask({
      name: TaskNames.recheck,
      payload: SweepPayload,
      async run(job, p) {
        const result = await recheckUninvoiced(job, p.backendId);
        if (result.checked) job.env.log.info('refunds without invoice re-checked', { backendId: p.backendId, ...result });
      },
    }),
    // Every five minutes: each enabled backend's re-check of refunds waiting for an invoice.
    fanOutTask(TaskNames.recheckAll, goLive, Tasks.recheck),
    // Every fifteen minutes: each enabled backend's sweep (one queued per backend).
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep),
  ],
  // A transaction posted: the sweep within seconds of Amazon listing it (transaction-notified.ts); the cron stays the net.
  amazonNotifications: [{ type: TRANSACTION_NOTIFICATION, task: TaskNames.notified }],
  crontab: [
    { pattern: '*/15 * * * *', task: TaskNames.sweepAll, options: '?max=1' },
    { pattern: '*/5 * * * *', task: TaskNames.recheckAll, options: '?max=1' },
  ],
  settings: refundsSettings,
  errorCodes: refundErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, REFUNDS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: REFUND_KIND,
      // "Retry": the refund's task runs again (binding and ERP look-up first: never a second credit note).
      async rerun(c, tx) {
        await enqueueCredit(tx, c.backendId, c.amazonKey);
      },
    },
  ],
});
