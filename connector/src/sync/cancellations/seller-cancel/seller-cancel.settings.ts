/**
 * The seller-cancellation keys of the `cancellations` settings namespace (spread into it by the flow):
 * `sellerCancelReason`, the CancelReason sent when the ERP cancels (a buyer's request cancelled in the ERP is always
 * sent as BuyerCanceled).
 */
import { Type } from 'typebox';
import { CANCEL_REASONS } from '../../frame/feeds/index.ts';

export const sellerCancelSettingsFields = {
  sellerCancelReason: Type.Union(CANCEL_REASONS.map((r) => Type.Literal(r)), {
    default: 'NoInventory',
    description: 'The reason Amazon is given when the ERP cancels an order or lowers a line (a buyer request is sent as BuyerCanceled)',
  }),
};

export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The backend's reason from its settings (parsed or as stored): the default when unset or not one of Amazon's. */
export function sellerCancelReasonOf(settings: unknown): CancelReason {
  const ns = (settings as Record<string, unknown> | null | undefined)?.cancellations as Record<string, unknown> | undefined;
  const r = ns?.sellerCancelReason;
  return (CANCEL_REASONS as readonly unknown[]).includes(r) ? (r as CancelReason) : 'NoInventory';
}
