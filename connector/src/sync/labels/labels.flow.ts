/**
 * Buy Shipping labels (issue 15): for the ready deliveries of merchant-fulfilled Amazon orders, rates from Amazon
 * (Shipping API v2), chosen by the backend's rule, the label bought exactly once per package (an idempotency key
 * stored before the purchase), attached to the delivery with its tracking number and carrier; Amazon then knows
 * the shipment, so the shipments flow sends no confirmation for it (`shipping_label` binding). Triggered by the
 * change feed (`labels.autoBuy`) or a batch through the API; void through the API or from the ERP (tracking cleared,
 * delivery cancelled). Off by default: it spends money.
 */
import { Type } from 'typebox';
import { recordStateCounts } from '../../core/record-state/index.ts';
import { ChangedRecords } from '../frame/change-feed/index.ts';
import { defineFlow, defineTask, type ErpSubscription } from '../frame/flow.ts';
import { enqueue } from '../../core/queue/enqueue.ts';
import { buyDeliveries } from './buy-deliveries.ts';
import { STOCK_PICKING, WATCHED_FIELDS } from './erp/label-picking.gateway.ts';
import { voidedDeliveries, voidReleasedLabels } from './erp-void.ts';
import { labelErrorList } from './labels.errors.ts';
import { BuyPayload, LABEL_KIND, LABELS_FLOW, parseLabelKey, TaskNames, Tasks } from './labels.payloads.ts';
import { labelsRoutes } from './labels.routes.ts';
import { labelsSchemas } from './labels.schemas.ts';
import { labelsSettings } from './labels.settings.ts';
import { redactLabels } from './redact-labels.ts';

const goLive = { name: LABELS_FLOW, goLive: { enabledByDefault: false } };

// A delivery becoming ready (state `assigned`) is what a label waits for; the webhook fires on that state.
const readySubscription: ErpSubscription = { model: STOCK_PICKING, fields: [...WATCHED_FIELDS], task: TaskNames.deliveriesChanged, webhook: { field: 'state', value: 'assigned' } };

export const labelsFlow = defineFlow({
  ...goLive,
  description: 'Buy Shipping labels for the ready deliveries of merchant-fulfilled Amazon orders, attached to the delivery with the tracking number',
  tasks: [
    defineTask({
      name: TaskNames.buy,
      payload: BuyPayload,
      async run(job, p) {
        const out = await buyDeliveries(job, p.backendId, p.pickingIds, { batchId: p.batchId ?? null, quiet: false });
        job.env.log.info('labels', { backendId: p.backendId, batchId: p.batchId, outcomes: [...out.values()].map((o) => o.state) });
      },
    }),
    defineTask({
      name: TaskNames.deliveriesChanged,
      payload: ChangedRecords,
      async run(job, p) {
        const rt = await job.env.runtimes.get(p.backendId);
        // A label the ERP let go of (tracking cleared or replaced, delivery cancelled) is voided with Amazon first.
        const handled = new Set(await voidReleasedLabels(job.env, rt, p.ids));
        if (!labelsSettings.of(rt.backend.settings).autoBuy) return;
        const voided = await voidedDeliveries(job.env, p.backendId, p.ids);
        const ids = p.ids.filter((id) => !handled.has(id) && !voided.has(id));
        if (ids.length) await buyDeliveries(job, p.backendId, ids, { batchId: null, quiet: true });
      },
    }),
    defineTask({
      name: TaskNames.redactPii,
      payload: Type.Object({}),
      perBackend: false,
      async run(job) {
        await redactLabels(job.env);
      },
    }),
  ],
  crontab: [{ pattern: '23 * * * *', task: TaskNames.redactPii, options: '?max=1' }],
  erpSubscriptions: [readySubscription],
  erpModules: [{ name: 'stock_delivery', why: 'the carrier and tracking number written on each delivery with its label' }],
  settings: labelsSettings,
  errorCodes: labelErrorList,
  status: { counts: (db, backendIds) => recordStateCounts(db, LABELS_FLOW, backendIds) },
  apiRoutes: labelsRoutes,
  apiSchemas: labelsSchemas,
  conflictKinds: [
    {
      kind: LABEL_KIND,
      // "Retry": the delivery's label is tried again with the same idempotency key (nothing was bought with it).
      async rerun(c, tx) {
        const pickingId = parseLabelKey(c.amazonKey);
        if (pickingId) await enqueue(tx, Tasks.buy, { backendId: c.backendId, pickingIds: [pickingId] });
      },
    },
  ],
});
