/**
 * The codes only the fba-returns flow raises (conflict kind `fba-return`, one conflict per returned unit row).
 * Every one is retryable: the conflict's "retry" runs the row's task again (binding and ERP look-up first).
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const fbaReturnErrorCodes = defineErrorCodes({
  FBA_RETURN_NO_DELIVERY: { status: 422, description: "the returned unit's order has no validated FBA delivery in the ERP yet (not imported, or not delivered): retry once it is" },
  FBA_RETURN_POOL_UNKNOWN: { status: 422, description: "the order's FBA pool has no warehouse with Stock and Unsellable locations yet: run the backend's set-up with the fba flow on, then retry" },
  FBA_RETURN_UNMATCHED: { status: 422, description: "the returned SKU is not on the order's FBA delivery, or more units came back than it delivered and earlier returns left" },
  FBA_RETURN_REFUSED: { status: 422, description: 'the ERP refused to validate the return or the move between Stock and Unsellable (its message in the conflict)' },
});

export type FbaReturnErrorCode = keyof typeof fbaReturnErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<FbaReturnErrorCode, true> {}
}

export const fbaReturnErrorList = Object.entries(fbaReturnErrorCodes).map(([code, e]) => ({ code, ...e }));
