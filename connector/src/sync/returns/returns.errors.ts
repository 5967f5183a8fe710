/**
 * The codes only the returns flow raises (conflict kind `return`, one conflict per (order, RMA, SKU)). Registered
 * with core's `FlowErrorCodes` so `new ConflictError('RETURN_NO_DELIVERY', ...)` type-checks. Each is retryable by a
 * person (the conflict's re-run) once the ERP side is fixed.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const returnErrorCodes = defineErrorCodes({
  RETURN_ORDER_UNBOUND: { status: 422, description: 'the returned order is not in the ERP (not imported, or imported under another backend): no return picking is made; retry once it is imported' },
  RETURN_NO_DELIVERY: { status: 422, description: "the returned order's ERP sales order has no done delivery to return: retry once the delivery is validated" },
  RETURN_SKU_NOT_DELIVERED: { status: 422, description: "the returned SKU is on none of the order's done deliveries (no product with that SKU delivered)" },
  RETURN_QUANTITY_EXCEEDS: { status: 422, description: "Amazon's returned units are more than the delivery's units of the SKU not yet returned: no return picking is made" },
  RETURN_PICKING_REFUSED: { status: 422, description: 'the ERP refused to make or validate the return picking (its message in the conflict)' },
});

export type ReturnErrorCode = keyof typeof returnErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ReturnErrorCode, true> {}
}

export const returnErrorList = Object.entries(returnErrorCodes).map(([code, e]) => ({ code, ...e }));
