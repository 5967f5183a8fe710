/**
 * The `refunds` namespace. Whether the flow runs at all is its go-live switch (`goLive.refunds.enabled`, off by
 * default: it posts credit notes in the seller's books).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const refundsSettings = defineSettingsNamespace({
  name: 'refunds',
  description: 'Amazon refunds as ERP customer credit notes',
  properties: {
    /** The first sweep of a backend reads this far back; later ones start 48 hours before the last one's end. */
    firstSweepDays: Type.Integer({ minimum: 1, maximum: 180, default: 30, description: 'days of refunds the first sweep reads (1-180)' }),
    /**
     * Tell chargebacks and A-to-z guarantee claims from refunds by the Finances v0 events (one call per refund at
     * 0.5/s, burst 30, after its credit note: fill-kind.ts); Amazon removes them on 2027-08-27. Off: every kind
     * stays `unknown`.
     */
    kindFromFinancialEvents: Type.Boolean({ default: true, description: 'read each refund\'s kind (refund, chargeback, A-to-z claim) from the Finances v0 events (until 2027-08-27)' }),
  },
});
