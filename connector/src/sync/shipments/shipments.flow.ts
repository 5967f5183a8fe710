/**
 * Merchant-fulfilled orders, the ERP ships and Amazon is told: a delivery validated in the ERP becomes one
 * confirmShipment package, exactly once. Off by default (a go-live switch per backend): deploying it never
 * confirms a seller's shipments unasked.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import { defineFlow, defineTask, type ErpSubscription } from '../frame/flow.ts';
import { confirmDeliveries } from './confirm-deliveries.task.ts';
import { PICKING_FIELDS } from './erp/picking.gateway.ts';
import { shipmentErrorList } from './shipments.errors.ts';
import { ConfirmPayload, CronPayload, pickingIdOf, SHIPMENTS_FLOW, TaskNames, Tasks } from './shipments.payloads.ts';
import { recoverSending } from './recover-sending.task.ts';
import { shipmentsStatus } from './shipments.status.ts';
import { shipmentsSettings } from './shipments.settings.ts';
import { carrierLookupTables } from './carriers/index.ts';
import { shipByMetrics, shipByRoutes, shipBySchemas } from './ship-by/index.ts';

const confirm = defineTask({
  name: TaskNames.confirm,
  payload: ConfirmPayload,
  async run(job, p) {
    const outcomes = await confirmDeliveries(job, p);
    const confirmed = [...outcomes.values()].filter((o) => o === 'confirmed').length;
    if (outcomes.size) job.env.log.info('shipments', { backendId: p.backendId, deliveries: outcomes.size, confirmed });
  },
});

const goLive = { name: SHIPMENTS_FLOW, goLive: { enabledByDefault: false } };

/** Every five minutes: deliveries left `sending` with no job to settle them (a skipped or exhausted job) get one. */
const recover = defineTask({
  name: TaskNames.recoverSending,
  payload: CronPayload,
  perBackend: false,
  async run({ env }) {
    const n = await recoverSending(env, goLive);
    if (n) env.log.warn('shipments left sending without a job: handed to a confirm job (it reads Amazon back first)', { deliveries: n });
  },
});

/**
 * The change feed's subscription (contract C1): transfers (the task keeps the outgoing ones), polled by write_date, and a webhook rule on
 * state = done when the connector has a public URL (a tracking number written later on a done delivery is polled).
 */
const pickingSubscription: ErpSubscription = {
  model: 'stock.picking',
  fields: [...PICKING_FIELDS],
  task: TaskNames.confirm,
  webhook: { field: 'state', value: 'done' },
};

export const shipmentsFlow = defineFlow({
  ...goLive,
  description: 'ERP deliveries of merchant-fulfilled Amazon orders confirmed to Amazon (confirmShipment), one package per delivery',
  tasks: [confirm, recover],
  crontab: [{ pattern: '*/5 * * * *', task: TaskNames.recoverSending, options: '?max=1' }],
  erpSubscriptions: [pickingSubscription],
  // Carriers and tracking numbers on deliveries (carrier_id, carrier_tracking_ref) come with stock_delivery.
  erpModules: [{ name: 'stock_delivery', why: 'the carrier and tracking number of each delivery, sent to Amazon' }],
  errorCodes: shipmentErrorList,
  status: shipmentsStatus,
  settings: shipmentsSettings,
  // Per-backend carrier overrides, read before the default table of common carriers (carriers/).
  lookupTables: carrierLookupTables,
  // The ship-by risk list (GET /api/backends/:id/shipments/at-risk) and its /metrics gauge (ship-by/).
  apiRoutes: shipByRoutes,
  apiSchemas: shipBySchemas,
  metrics: shipByMetrics,
  conflictKinds: [
    {
      kind: 'shipment',
      // "Retry" re-reads the delivery (fixed in the ERP: tracking number, SKU table...) and confirms it again.
      async rerun(c, tx) {
        const id = pickingIdOf(c.amazonKey);
        if (id !== null) await enqueue(tx, Tasks.confirmDeliveries, { backendId: c.backendId, ids: [id] });
      },
    },
  ],
  conflictActions: {
    SHIPMENT_ORDER_CANCELLED: {
      retry: false,
      why: 'Amazon cancelled the order: nothing can be confirmed for it; return the goods in the ERP if they left, then dismiss',
    },
    SHIPMENT_ALREADY_SHIPPED: {
      retry: false,
      why: 'Amazon already has the order shipped by packages the connector did not send (confirmed in Seller Central?); dismiss once checked',
    },
  },
  demo: { describe: 'shipments: deliveries validated in the ERP are confirmed to Amazon with carrier and tracking, one package each' },
});
