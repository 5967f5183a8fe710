/** The buyer-messages flow's name and the labels it writes on the ERP chatter. */
import type { MessageType } from '../../amazon/care-api.ts';

export const BUYER_MESSAGES_FLOW = 'buyer-messages';

/** What each message type is called on the order's chatter and in the panel. */
export const MESSAGE_LABELS: Readonly<Record<MessageType, string>> = {
  confirmCustomizationDetails: 'Confirm customization details',
  confirmDeliveryDetails: 'Confirm delivery details',
  confirmOrderDetails: 'Confirm order details',
  confirmServiceDetails: 'Confirm service details',
  digitalAccessKey: 'Digital access key',
  unexpectedProblem: 'Unexpected problem',
  warranty: 'Warranty',
};
