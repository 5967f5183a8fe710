/**
 * The `refundAdjustments` namespace. Whether the flow runs at all is its go-live switch
 * (`goLive.refund-adjustments.enabled`, off by default: it gives the buyer's money back).
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';

export const refundAdjustmentsSettings = defineSettingsNamespace({
  name: 'refundAdjustments',
  description: 'ERP credit notes marked for Amazon sent as payment adjustments (refunds of merchant-fulfilled orders)',
  properties: {
    /** The mark an ERP user writes in the credit note's reference (or the reversal reason): `<mark><ReasonCode>`. */
    mark: Type.String({ minLength: 2, maxLength: 20, pattern: '^[A-Za-z0-9_-]+:$', default: 'AMAZON:', description: 'the prefix of the mark in the credit note reference, followed by an Amazon adjustment reason (e.g. AMAZON:CustomerReturn)' }),
    /** The safety sweep reads posted credit notes dated this many days back. */
    sweepDays: Type.Integer({ minimum: 1, maximum: 90, default: 14, description: 'days of posted credit notes the safety sweep checks (1-90)' }),
  },
});

export interface RefundAdjustmentSettings { mark: string; sweepDays: number }

/** The namespace's values of a backend (defaults filled). */
export function refundAdjustmentSettingsOf(settings: unknown): RefundAdjustmentSettings {
  const ns = ((settings as Record<string, unknown> | null | undefined)?.refundAdjustments ?? {}) as { mark?: unknown; sweepDays?: unknown };
  return { mark: typeof ns.mark === 'string' ? ns.mark : 'AMAZON:', sweepDays: typeof ns.sweepDays === 'number' ? ns.sweepDays : 14 };
}
