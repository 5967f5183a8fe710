/**
 * The codes only the settlement posting raises (conflict kind `settlement_posting`, key = the settlement id). Money
 * codes: the accountant may resolve their conflicts.
 */
import { defineErrorCodes } from '../../../core/errors.ts';

export const postingErrorCodes = defineErrorCodes({
  SETTLEMENT_POSTING_SETUP: { status: 422, money: true, description: "the ERP's Amazon journal or an account the backend's settlement settings name is missing or unfit (a journal of another type, a clearing account that cannot be reconciled), or the vendor Amazon of the fee bills is archived or has no payable account, or a purchase tax named \"Amazon fees VAT <rate>% incl.\" is not that price-included rate" },
  SETTLEMENT_POSTING_CURRENCY: { status: 422, money: true, description: "the ERP has no currency with the settlement's ISO code" },
  SETTLEMENT_POSTING_FLAGGED: { status: 409, money: true, description: 'the settlement is flagged (a line in another currency, a row unread): it is not posted until its report reads whole' },
  SETTLEMENT_BANK_LINE_FORBIDDEN: { status: 409, money: true, description: 'the ERP refused to create the payout\'s bank statement line: its user must be in the accounting group "Basic" (Settings > Users > the connector\'s user > Accounting), or turn `settlements.postingBankLine` off' },
  SETTLEMENT_BANK_LINE_SETUP: { status: 422, money: true, description: "the bank journal `settlements.postingBankJournalCode` is missing, not a bank journal, without a suspense account, or in another currency than the payout" },
  SETTLEMENT_POSTING_OFF: { status: 409, description: "posting settlements is off for this backend (settings `settlements.postingEnabled`)" },
});

export type PostingErrorCode = keyof typeof postingErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<PostingErrorCode, true> {}
}

export const postingErrorList = Object.entries(postingErrorCodes).map(([code, e]) => ({ code, ...e }));
