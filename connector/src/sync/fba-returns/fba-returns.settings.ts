/**
 * The `fbaReturns` namespace. Whether the flow runs at all is its go-live switch (`goLive.fba-returns.enabled`, off
 * by default: it moves stock in the seller's ERP).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const fbaReturnsSettings = defineSettingsNamespace({
  name: 'fbaReturns',
  description: 'FBA customer returns back into the pools, revised dispositions, reimbursements and claim candidates',
  properties: {
    /** The first sweep of a backend asks this far back; later ones start at the last one's end. */
    firstSweepDays: Type.Integer({ minimum: 1, maximum: 180, default: 30, description: 'days of FBA returns the first sweep reads (1-180)' }),
    /** A warehouse-damaged unit without a reimbursement this long after its return is a claim candidate. */
    claimAfterDays: Type.Integer({ minimum: 0, maximum: 60, default: 14, description: 'days to wait for a reimbursement before a damaged unit is a claim candidate (0-60)' }),
  },
});
