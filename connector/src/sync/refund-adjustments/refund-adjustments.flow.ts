/**
 * ERP -> Amazon refunds of merchant-fulfilled orders (issue 14): a customer credit note posted in the ERP on an
 * Amazon order's invoice and marked for Amazon (`AMAZON:<AdjustmentReason>` in its reference) is sent once as a
 * payment adjustment (POST_PAYMENT_ADJUSTMENT_DATA through the Feeds core), its processing report read back into
 * conflicts. Heard through the ERP change feed, with a daily safety sweep. Off by default (a go-live switch per
 * backend): it gives the buyer's money back.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { ChangedRecords } from '../frame/change-feed/index.ts';
import { FeedResultPayload } from '../frame/feeds/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { checkCreditNotes } from './check-credit-notes.ts';
import { WATCHED_FIELDS } from './erp/credit-note-out.gateway.ts';
import { applyAdjustmentResults } from './read-results.ts';
import { adjustmentsByKey, saveAdjustment } from './adjustment-records.ts';
import { refundAdjustmentErrorList } from './refund-adjustments.errors.ts';
import { FEED_TYPE, REFUND_ADJUSTMENT_KIND, REFUND_ADJUSTMENTS_FLOW, SweepPayload, TaskNames, Tasks } from './refund-adjustments.payloads.ts';
import { refundAdjustmentsSettings } from './refund-adjustments.settings.ts';
import { sweepCreditNotes } from './sweep-credit-notes.ts';

const goLive = { name: REFUND_ADJUSTMENTS_FLOW, goLive: { enabledByDefault: false } };

export const refundAdjustmentsFlow = defineFlow({
  ...goLive,
  description: 'ERP credit notes marked for Amazon sent as payment adjustments (refunds of merchant-fulfilled orders), once',
  tasks: [
    defineTask({
      name: TaskNames.check,
      payload: ChangedRecords,
      async run(job, p) {
        const outcomes = await checkCreditNotes(job, p.backendId, p.ids);
        const queued = outcomes.filter((o) => o.action === 'queued' && o.created).length;
        if (queued) job.env.log.info('payment adjustments queued', { backendId: p.backendId, queued });
      },
    }),
    defineTask({
      name: TaskNames.results,
      payload: FeedResultPayload,
      async run(job, p) {
        const counts = await applyAdjustmentResults(job.env, p.backendId, p.feedId);
        if (Object.keys(counts).length) job.env.log.info('payment adjustment results', { backendId: p.backendId, feedId: p.feedId, ...counts });
      },
    }),
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const outcomes = await sweepCreditNotes(job, p.backendId);
        job.env.log.info('credit note sweep', { backendId: p.backendId, checked: outcomes.length, queued: outcomes.filter((o) => o.action === 'queued' && o.created).length });
      },
    }),
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep),
  ],
  // Posted credit notes (polled by write_date; a webhook rule on state = posted when the connector has a public URL).
  erpSubscriptions: [
    { model: 'account.move', fields: [...WATCHED_FIELDS], task: TaskNames.check, domain: [['move_type', '=', 'out_refund'], ['state', '=', 'posted']], webhook: { field: 'state', value: 'posted' } },
  ],
  // Money moves: an unknown outcome is looked up, never resubmitted by the core (a conflict for a person instead).
  feeds: [{ feedType: FEED_TYPE, priority: 100, moneyMoving: true, resultTask: TaskNames.results }],
  crontab: [{ pattern: '17 * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  settings: refundAdjustmentsSettings,
  errorCodes: refundAdjustmentErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, REFUND_ADJUSTMENTS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: REFUND_ADJUSTMENT_KIND,
      // "Retry" after a person fixed the cause: a refused adjustment may be sent again (the same key: the Feeds core
      // queues a rejected key once more); the credit note is checked afresh either way.
      async rerun(c, tx) {
        const rec = (await adjustmentsByKey(tx, c.backendId, [c.amazonKey])).get(c.amazonKey);
        if (rec?.state.status === 'rejected') await saveAdjustment(tx, c.backendId, { ...rec, state: { ...rec.state, status: 'retry', at: new Date().toISOString() } });
        const moveId = rec?.moveId ?? Number(c.amazonKey.replace(/^CN/, ''));
        if (Number.isInteger(moveId) && moveId > 0) await enqueue(tx, Tasks.check, { backendId: c.backendId, ids: [moveId] });
      },
    },
  ],
  conflictActions: {
    REFUND_ADJUSTMENT_UNKNOWN: {
      retry: false,
      why: "Amazon did not report the outcome and the adjustment gives money back: look at the order's refunds in Seller Central (refund there if nothing came), then dismiss",
    },
  },
  demo: { describe: 'refund adjustments (off by default): ERP credit notes marked AMAZON:<reason> are sent to Amazon as payment adjustments' },
});
