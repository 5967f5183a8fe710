/** The codes of the reconciliation's routes (they raise no conflict: a variance is shown, not raised). */
import { defineErrorCodes } from '../../../core/errors.ts';

export const reconciliationErrorCodes = defineErrorCodes({
  VARIANCE_NOT_FOUND: { status: 404, description: 'no open variance has that key now (the difference may have been settled or corrected since the list was read)' },
  MONEY_TRAIL_NOT_FOUND: { status: 404, description: 'the connector knows nothing of that Amazon order: not imported, in no settlement, no refund' },
});

export type ReconciliationErrorCode = keyof typeof reconciliationErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ReconciliationErrorCode, true> {}
}

export const reconciliationErrorList = Object.entries(reconciliationErrorCodes).map(([code, e]) => ({ code, ...e }));
