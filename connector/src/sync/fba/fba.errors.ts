/** The codes only the fba flow raises (set-up problems, delivery conflicts), registered with core's FlowErrorCodes. */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });

export const fbaErrorCodes = defineErrorCodes({
  FBA_POOL_UNKNOWN: unprocessable('a marketplace has no known FBA pool: set it in the backend setting fba.pools'),
  FBA_POOL_NOT_SEEDED: unprocessable("the FBA pool's warehouse is not seeded from Amazon's inventory yet: its deliveries wait"),
  FBA_DELIVERY_MISSING: unprocessable('the ERP order of an FBA order has no delivery to validate (cancelled or deleted in the ERP)'),
  FBA_DELIVERY_MISMATCH: unprocessable("Amazon's shipped quantities do not fit the ERP delivery (a SKU without its product in the delivery, or nothing shipped)"),
});

export type FbaErrorCode = keyof typeof fbaErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<FbaErrorCode, true> {}
}

export const fbaErrorList = Object.entries(fbaErrorCodes).map(([code, e]) => ({ code, ...e }));
