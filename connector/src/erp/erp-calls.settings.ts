/**
 * The `erpCalls` namespace: how hard this backend may drive its ERP. Declared by the ERP adapter (like the quota
 * namespace by the Amazon one) since it paces every flow's ERP calls, and handed to `connectOdoo` when the
 * backend's runtime is built (a settings change rebuilds it).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../core/backend/settings/index.ts';
import { DEFAULT_PACING } from './erp-pacing.ts';

export const erpCallsSettings = defineSettingsNamespace({
  name: 'erpCalls',
  description: 'Pacing of the ERP calls: batch sizes from the time each call takes, concurrent writes',
  properties: {
    /**
     * Seconds one batched ERP call should take; batches are sized from the durations the endpoint's calls showed
     * (per operation: a confirmation costs ~5x a create). Well below the 30 s call deadline, so a slower moment
     * does not time out, and far above the ~0.1 s per-call overhead, so the overhead stays ~1-2 %.
     */
    targetCallSeconds: Type.Number({
      // Down to 0.1 s for a bench or a test whose ERP cost model runs scaled down.
      minimum: 0.1,
      maximum: 20,
      default: DEFAULT_PACING.targetCallSeconds,
      description: 'seconds one batched ERP call should take (0.1-20); batches are sized from the measured durations',
    }),
    /**
     * ERP writes in flight at most on this backend's ERP endpoint (URL + database), across the workers and
     * processes of the connector. 1 suits a normal Odoo: with `workers = 0` a second writer adds no throughput and
     * concurrent confirmations fight over the same stock rows; a prefork Odoo (workers >= 2) may take 2.
     */
    maxConcurrentWrites: Type.Integer({
      minimum: 1,
      maximum: 16,
      default: DEFAULT_PACING.maxConcurrentWrites,
      description: 'ERP writes in flight at most on the ERP endpoint, across workers and processes (1-16)',
    }),
  },
});
