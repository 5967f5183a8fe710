/** The `orders` namespace: what the order flow reads (sweep pace, page and batch sizes, customer strategy). */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

/** Records per workflow batch, ERP write and import job: one limit wherever a batch is cut. */
export const MAX_BATCH_SIZE = 500;

export const ordersSettings = defineSettingsNamespace({
  name: 'orders',
  description: 'The order import',
  properties: {
    /**
     * Seconds between two sweeps once caught up (a backlog is swept slice after slice at once). At most a day (a
     * larger value parked the sweep for decades); at least 1 s, for sandboxes with raised quotas: against Amazon
     * a short interval only means the sweep waits for its searchOrders token in the shared bucket.
     */
    sweepIntervalSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 180, description: 'seconds between sweeps once caught up (1-86400)' }),
    /**
     * Orders per import job (the sweep stores pages by it) and the most per ERP write: the ERP's pacing sends fewer
     * when its calls would take longer than `erpCalls.targetCallSeconds`.
     */
    batchSize: Type.Integer({ minimum: 1, maximum: MAX_BATCH_SIZE, default: 200, description: 'orders per import job, and the most per ERP write (fewer when the ERP is slow)' }),
    /** searchOrders' maxResultsPerPage: Amazon allows 1-100. */
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 100, description: 'orders per searchOrders page (Amazon allows 1-100)' }),
    /** One ERP customer per buyer e-mail (keyed hash, survives redaction) or a fresh one per order. */
    customerStrategy: Type.Union([Type.Literal('per_buyer_email'), Type.Literal('per_order')], {
      default: 'per_buyer_email',
      description: 'one ERP customer per buyer e-mail, or one per order',
    }),
  },
  formerKeys: {
    sweepIntervalSeconds: 'sweepIntervalSeconds',
    batchSize: 'batchSize',
    pageSize: 'pageSize',
    customerStrategy: 'customerStrategy',
  },
});
