/**
 * The posting part of the `settlements` namespace (spread into settlements.settings.ts: a flow has one namespace).
 * Off by default: posting writes the seller's books.
 */
import { Type } from 'typebox';

const accountCode = Type.String({ pattern: '^[A-Za-z0-9.]{1,64}$' });

/** The accounts the set-up finds by code or creates; each code can be overridden per backend (`postingAccountCodes`). */
export const POSTING_ROLES = ['clearing', 'transfers', 'fees', 'reimbursements', 'reserve', 'withheldTax', 'other', 'unmatched'] as const;
export type PostingRole = (typeof POSTING_ROLES)[number];

export const postingSettingsProperties = {
  /** Whether a stored settlement is posted to the ERP (queued after it is stored, retried by the sweep). */
  postingEnabled: Type.Boolean({ default: false, description: 'post each stored settlement to the ERP (Amazon journal, clearing account)' }),
  /** The code of the "Amazon" general journal the set-up finds or creates. */
  postingJournalCode: Type.String({ pattern: '^[A-Za-z0-9]{1,5}$', default: 'AMZ', description: 'code of the Amazon journal (general) settlements are posted in' }),
  /** Lines per ERP entry at most (one create call); a bigger settlement is several entries through the clearing account. */
  postingMaxLines: Type.Integer({ minimum: 10, maximum: 1000, default: 200, description: 'journal lines per ERP entry at most (10-1000)' }),
  /** Receivable lines per reconciliation batch (one batch of orders = one progress step in the ledger). */
  postingReconcileBatch: Type.Integer({ minimum: 1, maximum: 200, default: 150, description: 'orders reconciled per batch (1-200)' }),
  /** Role -> account code, where the defaults (posting-accounts.ts) do not suit the chart. */
  postingAccountCodes: Type.Record(Type.String({ pattern: '^(clearing|transfers|fees|reimbursements|reserve|withheldTax|other|unmatched)$' }), accountCode, {
    default: {}, description: 'account role -> account code (clearing, transfers, fees, reimbursements, reserve, withheldTax, other, unmatched)',
  }),
  /**
   * The payout's bank statement line: once a settlement is posted and its payout matched, a line in the bank journal
   * `postingBankJournalCode` (the payout's amount, on its fund transfer date) clearing Amazon transfers. Off by
   * default: Odoo lets only users of the accounting group "Basic" create statement lines, and many sellers import
   * their bank's statements instead (a line made here would be there twice).
   */
  postingBankLine: Type.Boolean({ default: false, description: "create the payout's bank statement line and reconcile it with Amazon transfers (the ERP user needs the accounting group \"Basic\")" }),
  postingBankJournalCode: Type.String({ pattern: '^[A-Za-z0-9]{1,5}$', default: 'BNK1', description: "code of the bank journal the payouts' statement lines go to" }),
  /**
   * Amazon's fees as what they are, invoices of a supplier (issue 16): per settlement version ONE vendor bill from the
   * partner "Amazon" (lines per fee type on the fee accounts, VAT split out where Amazon charges it), paid by the
   * settlement's entry through Amazon's payable account. `journalLines`: the fees as lines of the entry on the fee
   * accounts (no bill, no VAT recovered).
   */
  postingFeesAs: Type.Union([Type.Literal('vendorBills'), Type.Literal('journalLines')], {
    default: 'vendorBills', description: "Amazon's fees as vendor bills from Amazon (default) or as journal lines of the settlement's entry",
  }),
  /**
   * Settlement currency -> the VAT rate (percent) included in Amazon's fees of that currency's settlements (UK: 20 for
   * GBP when Amazon charges UK VAT; EU sellers under reverse charge: none). A currency not named: no VAT on the bill.
   */
  postingFeeVatRates: Type.Record(Type.String({ pattern: '^[A-Z]{3}$' }), Type.Number({ minimum: 0, maximum: 50 }), {
    default: {}, description: 'settlement currency -> VAT rate in percent included in Amazon\'s fees (vendor bills only; e.g. {"GBP": 20})',
  }),
  /** `amountType` or `amountType/amountDescription` -> account code: a settlement amount posted to an account of the chart's own. */
  postingAccountsByType: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), accountCode, {
    default: {}, description: 'settlement amount type (or "type/description") -> account code, over the default table',
  }),
};
