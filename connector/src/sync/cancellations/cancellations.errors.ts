/** The codes only the cancellations flow raises, registered with core's FlowErrorCodes. */
import { defineErrorCodes, type ErrorCodeEntry } from '../../core/errors.ts';

const unprocessable = (description: string): ErrorCodeEntry => ({ status: 422, description });

export const cancellationErrorCodes = defineErrorCodes({
  ORDER_BUYER_CANCEL_REQUESTED: unprocessable('the buyer asked Amazon to cancel an imported order: cancel it in the ERP (cancel_in_erp) or ship it anyway (keep)'),
});

export type CancellationErrorCode = keyof typeof cancellationErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<CancellationErrorCode, true> {}
}

export const cancellationErrorList = Object.entries(cancellationErrorCodes).map(([code, e]) => ({ code, ...e }));
