/**
 * The `returns` namespace. Whether the flow runs at all is its go-live switch (`goLive.returns.enabled`, off by
 * default: it makes receipts in the seller's warehouse).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const returnsSettings = defineSettingsNamespace({
  name: 'returns',
  description: 'Amazon merchant-fulfilled returns as ERP return pickings',
  properties: {
    /** The first sweep of a backend asks for returns requested this far back (in windows of 60 days at most). */
    firstSweepDays: Type.Integer({ minimum: 1, maximum: 180, default: 30, description: 'days of returns the first sweep reads (1-180)' }),
    /** Later sweeps read again from this long before the last one's end: a row changes after its request (status, refund). */
    rereadDays: Type.Integer({ minimum: 1, maximum: 60, default: 14, description: 'days before the last sweep\'s end every sweep reads again (1-60)' }),
    /** How often each backend's returns report is asked for (Amazon makes it in minutes; createReport allows one a minute). */
    sweepMinutes: Type.Integer({ minimum: 2, maximum: 1440, default: 30, description: 'minutes between two returns sweeps of a backend (2-1440)' }),
    /** Validate the return picking at once (the goods counted back in stock now) instead of waiting for the warehouse. */
    validateAtOnce: Type.Boolean({ default: false, description: 'validate the return picking at once instead of leaving it to the warehouse' }),
  },
});
