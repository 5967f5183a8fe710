/**
 * Set-up for the payout's bank line in the settlement posting tests (settlements-posting, settlements-fx): the ERP
 * user given the accounting group "Basic" Odoo asks for, and a second settlement beside the world's one whose payout
 * Amazon converted into another currency, paid into a bank journal of that currency.
 */
import type { Stack } from './connector-stack.ts';

/** The ERP's admin in the accounting group "Basic": without it Odoo refuses bank statement lines (403). */
export async function grantAccountingBasic(stack: Stack): Promise<void> {
  const [basic] = await stack.erpClient.searchRead('ir.model.data', [['module', '=', 'account'], ['name', '=', 'group_account_basic']], ['res_id']);
  await stack.erpClient.write('res.users', await stack.erpClient.search('res.users', [['login', '=', 'admin']]), { group_ids: [[4, basic!.res_id as number]] });
}

export interface ConvertedPayout {
  /** The bank account's currency: activated in the ERP, the journal's (none when it is the company's). */
  currency: string;
  /** What Amazon transferred in that currency, minor units. */
  convertedMinor: number;
  traceId: string;
  /** The bank journal made for it, then named in the backend's `postingBankJournalCode`. */
  journalCode: string;
}

/**
 * Settlement `9<settlementId>` (a copy of its period, marketplace and currency): 100.00 reimbursed less a 10.00
 * fee, 90.00 deposited, matched to a Succeeded payout of 90.00 converted into `payout.currency`. Returns its id.
 */
export async function settlementWithConvertedPayout(stack: Stack, settlementId: string, payout: ConvertedPayout): Promise<string> {
  const db = stack.env.db.pool;
  const other = '9' + settlementId;
  const [currencyId] = await stack.erpClient.search('res.currency', [['name', '=', payout.currency]], { context: { active_test: false } });
  await stack.erpClient.write('res.currency', [currencyId!], { active: true });
  const [company] = await stack.erpClient.searchRead('res.company', [], ['currency_id'], { limit: 1 });
  const journalCurrency = (company!.currency_id as [number, string])[1] === payout.currency ? false : currencyId!;
  await stack.erpClient.create('account.journal', [{ name: `Amazon payouts ${payout.currency}`, code: payout.journalCode, type: 'bank', currency_id: journalCurrency }]);
  await db.query(`insert into settlement (backend_id, settlement_id, amazon_report_id, marketplace_id, currency, start_date, end_date, deposit_date, total_minor, line_count, content_hash, state, lines_total_minor, payout_group_id, payout_state)
    select backend_id, $2, amazon_report_id || '-x', marketplace_id, currency, start_date, end_date, deposit_date, 9000, 2, 'x-' || $2, 'new', 9000, 'grp-' || $2, 'matched'
      from settlement where backend_id = $1 and settlement_id = $3`, [stack.backendId, other, settlementId]);
  await db.query(`insert into settlement_line (backend_id, settlement_id, line_no, transaction_type, amount_type, amount_description, amount_minor)
    values ($1, $2, 1, 'other-transaction', 'other-transaction', 'REVERSAL_REIMBURSEMENT', 10000), ($1, $2, 2, 'other-transaction', 'ItemFees', 'Commission', -1000)`, [stack.backendId, other]);
  await db.query(`insert into settlement_payout (backend_id, group_id, processing_status, fund_transfer_status, fund_transfer_date, original_minor, original_currency, converted_minor, converted_currency, trace_id)
    select backend_id, 'grp-' || $2, 'Closed', 'Succeeded', coalesce(deposit_date, end_date), 9000, currency, $3, $4, $5 from settlement where backend_id = $1 and settlement_id = $2`,
    [stack.backendId, other, payout.convertedMinor, payout.currency, payout.traceId]);
  await stack.env.core.backends.update(stack.backendId, { settings: { settlements: { postingBankJournalCode: payout.journalCode } } });
  return other;
}
