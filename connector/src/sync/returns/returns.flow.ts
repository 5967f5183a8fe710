/**
 * Amazon merchant-fulfilled returns -> ERP return pickings (issue 14, merchant part): a sweep per backend asks the
 * Reports core for GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE since its durable cursor (with `rereadDays` of
 * overlap); the report's rows are staged once per (order, RMA, SKU) and each new or changed return queues a task
 * that makes its return picking on the order's delivery through Odoo's return wizard, once. Off by default (a
 * go-live switch per backend): it makes receipts in the seller's warehouse.
 */
import { recordStateCounts } from '../../core/record-state/index.ts';
import { defineFlow, defineTask } from '../frame/flow.ts';
import { fanOutTask } from '../frame/live-backends.ts';
import { ChangedRecords } from '../frame/change-feed/index.ts';
import { STOCK_PICKING } from './erp/return-picking.gateway.ts';
import { onPickingsChanged, RETURN_PICKING_DOMAIN } from './picking-changed.ts';
import { receiveReturn } from './receive-return.ts';
import { returnErrorList } from './returns.errors.ts';
import { parseReturnKey, RETURN_KIND, RETURNS_FLOW, RETURNS_REPORT, ReturnPayload, returnKey, SweepPayload, TaskNames, Tasks } from './returns.payloads.ts';
import { returnsSettings } from './returns.settings.ts';
import { enqueueReceive, stageReturns } from './stage-returns.ts';
import { sweepDue, sweepReturns } from './sweep-returns.ts';

const goLive = { name: RETURNS_FLOW, goLive: { enabledByDefault: false } };

export const returnsFlow = defineFlow({
  ...goLive,
  description: "Amazon merchant-fulfilled returns as ERP return pickings on the order's delivery, waiting for the warehouse",
  tasks: [
    defineTask({
      name: TaskNames.sweep,
      payload: SweepPayload,
      async run(job, p) {
        const result = await sweepReturns(job, p.backendId);
        job.env.log.info('returns sweep', { backendId: p.backendId, ...result });
      },
    }),
    defineTask({
      name: TaskNames.receive,
      payload: ReturnPayload,
      async run(job, p) {
        const ref = { orderId: p.orderId, rmaId: p.rmaId, sku: p.sku };
        if (job.goLive?.dryRun) {
          await job.env.core.states.set(p.backendId, RETURNS_FLOW, [{ key: returnKey(ref), state: 'dry_run', code: null, detail: { would: 'would make the return picking' } }], { stamp: false });
          return;
        }
        const outcome = await receiveReturn(job.env, p.backendId, ref);
        job.env.log.info('merchant return', { backendId: p.backendId, orderId: p.orderId, rmaId: p.rmaId, ...outcome });
      },
    }),
    defineTask({
      name: TaskNames.pickingsChanged,
      payload: ChangedRecords,
      async run(job, p) {
        const queued = await onPickingsChanged(job.env, p.backendId, p.ids);
        if (queued) job.env.log.info('return pickings changed in the ERP', { backendId: p.backendId, pickings: p.ids.length, queued });
      },
    }),
    // Every minute: the sweep of each enabled backend whose last one is `returns.sweepMinutes` old (one queued per backend).
    fanOutTask(TaskNames.sweepAll, goLive, Tasks.sweep, (env, b) => sweepDue(env, b.id, returnsSettings.of(b.settings).sweepMinutes)),
  ],
  crontab: [{ pattern: '* * * * *', task: TaskNames.sweepAll, options: '?max=1' }],
  // A return picking validated (or cancelled) in the ERP: its return recorded `received` at once (picking-changed.ts);
  // the webhook rule on state = done is the one the shipments flow's subscription also uses.
  erpSubscriptions: [{ model: STOCK_PICKING, fields: ['state'], task: TaskNames.pickingsChanged, domain: RETURN_PICKING_DOMAIN, webhook: { field: 'state', value: 'done' } }],
  // The report's rows, once per report, in the transaction that marks it delivered (stage-returns.ts).
  reports: [{ reportType: RETURNS_REPORT, async onRows(backendId, rows, ctx) { await stageReturns(backendId, rows, ctx); } }],
  settings: returnsSettings,
  errorCodes: returnErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, RETURNS_FLOW, backendIds) },
  conflictKinds: [
    {
      kind: RETURN_KIND,
      // "Retry": the return's task runs again (binding and ERP look-up first: never a second return picking).
      async rerun(c, tx) {
        const ref = parseReturnKey(c.amazonKey);
        if (ref) await enqueueReceive(tx, c.backendId, ref);
      },
    },
  ],
});
