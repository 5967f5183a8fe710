/**
 * The codes only the labels flow raises (conflict kind `label`, one conflict per delivery; API answers of the void
 * and batch routes). Registered with core's `FlowErrorCodes` so `new ConflictError('LABEL_NO_RATE', ...)` type-checks.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const labelErrorCodes = defineErrorCodes({
  LABEL_NO_RATE: { status: 409, description: "no Buy Shipping rate meets the order's ship-by and deliver-by windows (or Amazon offers none to the address): no label is bought" },
  LABEL_SERVICE_INELIGIBLE: { status: 409, description: "the preferred carrier and service of the backend's rule is ineligible for this package (Amazon's reasons in the conflict): no label is bought" },
  LABEL_ADDRESS_INVALID: { status: 409, description: "Amazon refused the order's ship-to address or the backend's ship-from address for Buy Shipping" },
  LABEL_REFUSED: { status: 409, description: "Amazon refused the rate request or the purchase (its message in the conflict)" },
  LABEL_SHIP_FROM_MISSING: { status: 422, description: 'the backend has no ship-from address in `labels.shipFrom`: no rate can be asked for' },
  LABEL_OUTCOME_UNKNOWN: { status: 409, description: "a Merchant Fulfillment v0 label (no idempotency key) was sent for but its answer was lost, and the order read back shows a new package: a label was bought whose shipment id the connector cannot know; nothing is bought again until a person voids it in Seller Central and retries" },
  LABEL_NOT_ELIGIBLE: { status: 422, description: 'the delivery is not a ready outgoing delivery of a merchant-fulfilled Amazon order without tracking: no label is bought for it' },
  LABEL_NOT_FOUND: { status: 404, description: 'the delivery has no bought label to void' },
  LABEL_VOID_WINDOW_PASSED: { status: 409, description: 'Amazon no longer allows the label to be voided (its void window, 24 hours in the sandbox, has passed): the label stands' },
  LABEL_BATCH_NOT_FOUND: { status: 404, description: 'no label batch with this id for this backend' },
});

export type LabelErrorCode = keyof typeof labelErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<LabelErrorCode, true> {}
}

export const labelErrorList = Object.entries(labelErrorCodes).map(([code, e]) => ({ code, ...e }));
