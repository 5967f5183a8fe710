/**
 * The codes only the refunds flow raises (conflict kind `refund`, one conflict per Amazon refund id). Registered with
 * core's `FlowErrorCodes` so `new ConflictError('REFUND_WITHOUT_INVOICE', ...)` type-checks.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const refundErrorCodes = defineErrorCodes({
  REFUND_WITHOUT_INVOICE: { status: 422, money: true, description: "the refunded order has no posted ERP invoice (not imported, or not invoiced yet): no credit note is made; retry once it is invoiced" },
  REFUND_AMOUNT_UNMATCHED: { status: 422, money: true, description: "the refund's lines or amounts cannot be matched to the invoice's lines to the cent, or to what the order's invoices can still be credited: the credit note stays a draft (both figures in the conflict)" },
  REFUND_REVERSAL_REFUSED: { status: 422, money: true, description: "the ERP refused the reversal wizard on the refund's invoice (its message in the conflict): no credit note is made; retry once fixed" },
  REFUND_POST_REFUSED: { status: 422, money: true, description: 'the ERP refused to post the credit note (its message in the conflict): it stays a draft' },
});

export type RefundErrorCode = keyof typeof refundErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<RefundErrorCode, true> {}
}

export const refundErrorList = Object.entries(refundErrorCodes).map(([code, e]) => ({ code, ...e }));
