/** The codes only the reorder flow raises, registered with core's FlowErrorCodes. */
import { defineErrorCodes } from '../../core/errors.ts';

export const reorderErrorCodes = defineErrorCodes({
  REORDER_WAREHOUSE_UNKNOWN: { status: 422, description: 'reorder.warehouses names a warehouse the ERP does not have (id or code)' },
  REORDER_PUSH_OFF: { status: 409, description: 'reorder.enabled and reorder.pushOrderpoints must both be on to write reordering rules' },
});

export type ReorderErrorCode = keyof typeof reorderErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ReorderErrorCode, true> {}
}

export const reorderErrorList = Object.entries(reorderErrorCodes).map(([code, e]) => ({ code, ...e }));
