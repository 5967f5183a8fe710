/**
 * The codes seller cancellations raise (conflicts of kind `seller_cancel`, one per Amazon order): registered with
 * core's `FlowErrorCodes` and listed in the flow's `errorCodes` (spread from `sellerCancelParts`).
 */
import { defineErrorCodes, type ErrorCodeEntry } from '../../../core/errors.ts';

const conflict = (description: string): ErrorCodeEntry => ({ status: 409, description });

export const sellerCancelErrorCodes = defineErrorCodes({
  SELLER_CANCEL_REFUSED: conflict("Amazon refused a seller cancellation of units the ERP cancelled (Amazon's ResultMessageCode and description in the conflict): fix the cause, then retry (sent again)"),
  SELLER_CANCEL_TOO_LATE: conflict('the ERP cancelled units Amazon already shipped (or Amazon answered that they shipped): not cancellable, handle them as a return and refund'),
  SELLER_CANCEL_UNKNOWN: conflict("Amazon's processing report did not say what became of a seller cancellation: check the order in Seller Central, then dismiss"),
});

export type SellerCancelErrorCode = keyof typeof sellerCancelErrorCodes;

export const sellerCancelErrorList = Object.entries(sellerCancelErrorCodes).map(([code, e]) => ({ code, ...e }));

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<SellerCancelErrorCode, true> {}
}
