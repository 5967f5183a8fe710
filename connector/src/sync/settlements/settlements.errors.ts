/**
 * The codes only the settlements flow raises (conflict kind `settlement`, one per settlement id). The settlement is
 * stored anyway (flagged with the code), so nothing of Amazon's report is lost while a person looks.
 */
import { defineErrorCodes } from '../../core/errors.ts';

export const settlementErrorCodes = defineErrorCodes({
  SETTLEMENT_NOT_FOUND: { status: 404, description: 'no settlement with that id is stored for the backend' },
  SETTLEMENT_CURRENCY_MISMATCH: { status: 422, description: "a settlement line names another currency than the settlement's summary row: Amazon settles one currency per report; the settlement is stored flagged" },
  SETTLEMENT_UNBALANCED: { status: 422, description: "a settlement's lines do not add up to its total (the deposit): a line Amazon paid or held is missing from the report (a reserve or loan line); the settlement is stored flagged, both amounts in the conflict's reason" },
  SETTLEMENT_ROW_MALFORMED: { status: 422, description: "a settlement report row could not be read (cell count, amount or date): the settlement is stored without it, flagged" },
});

export type SettlementErrorCode = keyof typeof settlementErrorCodes;

declare module '../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<SettlementErrorCode, true> {}
}

export const settlementErrorList = Object.entries(settlementErrorCodes).map(([code, e]) => ({ code, ...e }));
