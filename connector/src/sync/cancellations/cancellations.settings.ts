/**
 * The `cancellations` namespace: what to do when Amazon cancels an imported order nothing of which shipped, and the
 * note a buyer's cancel request leaves on the ERP order and its open deliveries.
 */
import { Type } from 'typebox';
import { defineSettingsNamespace } from '../../core/backend/settings/index.ts';
import { sellerCancelSettingsFields } from './seller-cancel/seller-cancel.settings.ts';

export const DEFAULT_BUYER_NOTE =
  'Amazon: the buyer asked to cancel order {amazonOrderId} ({reason}). Do not ship it before the request is answered in the connector (conflict ORDER_BUYER_CANCEL_REQUESTED).';

export const cancellationsSettings = defineSettingsNamespace({
  name: 'cancellations',
  description: 'Amazon cancellations and buyer cancel requests carried to the ERP',
  properties: {
    /**
     * `cancel`: the ERP order and its open deliveries are cancelled at once (stock freed) when nothing shipped and
     * the order is neither invoiced nor locked; `ask`: an ORDER_CANCELLED_AFTER_IMPORT conflict every time.
     */
    whenAmazonCancels: Type.Union([Type.Literal('cancel'), Type.Literal('ask')], {
      default: 'cancel',
      description: 'Amazon cancelled an imported order not shipped: cancel it in the ERP (cancel) or raise a conflict (ask)',
    }),
    /** Posted as an internal note; `{amazonOrderId}` and `{reason}` (the buyer's reason) are filled in. */
    buyerRequestNote: Type.String({
      minLength: 1,
      maxLength: 1000,
      default: DEFAULT_BUYER_NOTE,
      description: 'the note posted on the ERP order and its open deliveries when the buyer asks to cancel ({amazonOrderId}, {reason})',
    }),
    // The ERP -> Amazon part's reason for a seller cancellation (seller-cancel/).
    ...sellerCancelSettingsFields,
  },
});

/** The note for one request (plain text: the ERP escapes it). */
export function buyerNoteText(template: string, amazonOrderId: string, reason: string | null): string {
  return template.replaceAll('{amazonOrderId}', amazonOrderId).replaceAll('{reason}', reason?.trim() || 'no reason given');
}
