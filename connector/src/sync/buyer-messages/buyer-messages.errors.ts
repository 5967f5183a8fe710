/** The codes only the buyer-messages flow answers with (its API routes: a person sends, the panel shows the code). */
import { defineErrorCodes } from '../../core/errors.ts';

export const buyerMessageErrorCodes = defineErrorCodes({
  BUYER_MESSAGES_OFF: { status: 409, description: 'the buyer-messages flow is switched off for this backend (goLive.buyer-messages.enabled)' },
  MESSAGE_ORDER_UNKNOWN: { status: 404, description: 'the connector has not stored this Amazon order for the backend: no message can be sent for it' },
  MESSAGE_TYPE_NOT_ALLOWED: { status: 409, description: 'Amazon does not allow this message type for the order now (its allowed types are in the details)' },
  MESSAGE_REFUSED: { status: 409, description: "Amazon refused the message (its message kept): the order's state changed since the allowed types were read" },
});

export type BuyerMessageErrorCode = keyof typeof buyerMessageErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<BuyerMessageErrorCode, true> {}
}

export const buyerMessageErrorList = Object.entries(buyerMessageErrorCodes).map(([code, e]) => ({ code, ...e }));
