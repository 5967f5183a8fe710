/**
 * The codes the refund-adjustments flow raises: conflicts of kind `refund-adjustment` (one per credit note, key the
 * seller's adjustment id `CN<move id>`), and `REFUND_ADJUSTMENT_AMBIGUOUS`, raised by the refunds flow (kind
 * `refund`) when an Amazon refund cannot be told apart from the adjustments the connector sent for its order.
 */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const conflict = (description: string): ErrorCodeEntry => ({ status: 409, money: true, description });

export const refundAdjustmentErrorCodes = defineErrorCodes({
  REFUND_ADJUSTMENT_REFUSED: conflict("Amazon refused the payment adjustment of a credit note marked for Amazon (its ResultMessageCode and description in the conflict): fix the cause, then retry (sent again)"),
  REFUND_ADJUSTMENT_UNKNOWN: conflict("Amazon's processing report did not say what became of a payment adjustment: never sent again by itself; check the order's refunds in Seller Central, then dismiss"),
  REFUND_ADJUSTMENT_REASON_INVALID: conflict('the credit note is marked for Amazon with a reason Amazon does not know (the mark is the prefix then an AdjustmentReason, e.g. AMAZON:CustomerReturn): correct the reference, then retry'),
  REFUND_ADJUSTMENT_UNMAPPED: conflict("the marked credit note cannot be expressed as Amazon's adjustment (no Amazon order behind its invoice, an FBA order, a line whose product is on no Amazon item, more units than sold, a currency other than the order's): nothing is sent"),
  REFUND_ADJUSTMENT_AMBIGUOUS: conflict('an Amazon refund of an order with payment adjustments sent by the connector matches none or several of them exactly: no second credit note is made; bind it by hand or dismiss'),
});

export type RefundAdjustmentErrorCode = keyof typeof refundAdjustmentErrorCodes;

export const refundAdjustmentErrorList = Object.entries(refundAdjustmentErrorCodes).map(([code, e]) => ({ code, ...e }));

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<RefundAdjustmentErrorCode, true> {}
}
