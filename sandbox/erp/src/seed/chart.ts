/**
 * The accounting a new Odoo 19 database has with the generic chart (`accounting-json2.jsonl` reads it): the chart's
 * accounts, the seven journals with their default and suspense accounts, the manual payment methods of the bank
 * journal, and the accounting groups with their xml ids. The accounts the recording names (receivable 121000,
 * sales 400000, expenses 600000, bank fees 620000, bank 101401, bank suspense, outstanding receipts...) keep its
 * ids and codes; the others follow the generic chart's list in its order.
 */
import type { PoolClient } from 'pg';
import { insertRows } from '../db/bulk.ts';

type Row = Record<string, unknown>;

async function ins(tx: PoolClient, table: string, rows: Row[]): Promise<void> {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  await insertRows(tx, table, cols, rows.map((r) => cols.map((c) => r[c] ?? null)));
}

/** [id, code, name, account_type, reconcile] in the generic chart's order. */
const ACCOUNTS: Array<[number, string, string, string, boolean]> = [
  [1, '101000', 'Current Assets', 'asset_current', false], [2, '110100', 'Stock Valuation', 'asset_current', false],
  [3, '110200', 'Stock Interim (Received)', 'asset_current', true], [4, '110300', 'Stock Interim (Delivered)', 'asset_current', true],
  [5, '121000', 'Account Receivable', 'asset_receivable', true], [6, '121100', 'Products to receive', 'asset_current', true],
  [7, '122000', "Owner's Current Account", 'asset_receivable', true], [8, '131000', 'Tax Paid', 'asset_current', false],
  [9, '131100', 'Tax Paid (Advance)', 'asset_current', false], [10, '132000', 'Tax Receivable', 'asset_receivable', true],
  [11, '141000', 'Prepayments', 'asset_prepayments', false], [12, '151000', 'Fixed Asset', 'asset_fixed', false],
  [13, '191000', 'Non-current assets', 'asset_non_current', false], [14, '201000', 'Current Liabilities', 'liability_current', false],
  [15, '211000', 'Account Payable', 'liability_payable', true], [16, '211100', 'Bills to receive', 'liability_current', true],
  [17, '251000', 'Tax Received', 'liability_current', false], [18, '251100', 'Tax Received (Advance)', 'liability_current', false],
  [19, '252000', 'Tax Payable', 'liability_payable', true], [20, '291000', 'Non-current Liabilities', 'liability_non_current', false],
  [21, '301000', 'Capital', 'equity', false], [22, '302000', 'Dividends', 'equity', false],
  [23, '999999', 'Undistributed Profits/Losses', 'equity_unaffected', false], [24, '400100', 'Stock Variation', 'income', false],
  [25, '400200', 'Cost of Goods Sold', 'expense_direct_cost', false], [26, '400000', 'Product Sales', 'income', false],
  [27, '441000', 'Foreign Exchange Gain', 'income_other', false], [28, '442000', 'Cash Difference Gain', 'income_other', false],
  [29, '443000', 'Cash Discount Loss', 'expense', false], [30, '450000', 'Other Income', 'income_other', false],
  [31, '500000', 'Cost of Goods Sold (direct)', 'expense_direct_cost', false], [32, '600000', 'Expenses', 'expense', false],
  [33, '611000', 'Purchase of Equipments', 'expense', false], [34, '612000', 'Rent', 'expense', false],
  [35, '613000', 'Office Supplies', 'expense', false], [36, '620000', 'Bank Fees', 'expense', false],
  [37, '630000', 'Salary Expenses', 'expense', false], [38, '641000', 'Foreign Exchange Loss', 'expense', false],
  [39, '642000', 'Cash Difference Loss', 'expense', false], [40, '643000', 'Cash Discount Gain', 'income_other', false],
  [41, '650000', 'Depreciation', 'expense_depreciation', false], [42, '700000', 'Off-Balance', 'off_balance', false],
  [43, '101300', 'Account Receivable (PoS)', 'asset_receivable', true], [44, '101200', 'Credit Card Clearing', 'asset_current', true],
  [45, '101401', 'Bank', 'asset_cash', false], [46, '101402', 'Bank Suspense Account', 'asset_current', false],
  [47, '101701', 'Liquidity Transfer', 'asset_current', true], [48, '101403', 'Outstanding Receipts', 'asset_current', true],
  [49, '101404', 'Outstanding Payments', 'asset_current', true], [50, '101600', 'Undeposited Funds', 'asset_current', true],
];

/** Accounts of the company's own roles (business code reads them by these ids). */
export const CHART = {
  receivable: 5, payable: 15, income: 26, expense: 32, bank: 45, suspense: 46, outstandingReceipts: 48, outstandingPayments: 49,
  fxGain: 27, fxLoss: 38, taxPaid: 8, taxReceived: 17,
} as const;

/** The journals: [id, name, code, type, sequence, default account, suspense account]. */
const JOURNALS: Array<[number, string, string, string, number, number | null, number | null]> = [
  [1, 'Sales', 'INV', 'sale', 5, 26, null], [2, 'Purchases', 'BILL', 'purchase', 6, 32, null],
  [3, 'Miscellaneous Operations', 'MISC', 'general', 9, null, null], [4, 'Exchange Difference', 'EXCH', 'general', 12, null, null],
  [5, 'Cash Basis Taxes', 'CABA', 'general', 11, null, null], [6, 'Bank', 'BNK1', 'bank', 8, 45, 46],
  [7, 'Inventory Valuation', 'STJ', 'general', 13, null, null],
];

/** Odoo's accounting groups (ids as the recording reads them) and what each implies. */
const GROUPS: Array<[number, string, string, number[]]> = [
  [26, 'group_account_readonly', 'Read-only', []], [27, 'group_account_invoice', 'Invoicing', []],
  [28, 'group_account_basic', 'Basic', [27]], [29, 'group_account_user', 'Show Full Accounting Features', [28, 26]],
  [30, 'group_account_manager', 'Administrator', [27]],
];
export const GROUP_ACCOUNT_BASIC = 28;
/** The company's exchange difference journal (EXCH). */
export const EXCHANGE_JOURNAL = 4;

export async function seedChart(tx: PoolClient): Promise<void> {
  await ins(tx, 'account_account', ACCOUNTS.map(([id, code, name, type, reconcile]) => (
    { id, code, name, account_type: type, reconcile, company_id: 1, company_ids: [1], active: true })));
  await ins(tx, 'account_journal', JOURNALS.map(([id, name, code, type, sequence, acc, suspense]) => (
    { id, name, code, type, sequence, default_account_id: acc, suspense_account_id: suspense, company_id: 1, active: true })));
  await ins(tx, 'account_payment_method', [
    { id: 1, name: 'Manual Payment', code: 'manual', payment_type: 'inbound' },
    { id: 2, name: 'Manual Payment', code: 'manual', payment_type: 'outbound' },
  ]);
  await ins(tx, 'account_payment_method_line', [
    { id: 1, name: 'Manual Payment', payment_method_id: 1, journal_id: 6, payment_type: 'inbound', sequence: 10 },
    { id: 2, name: 'Manual Payment', payment_method_id: 2, journal_id: 6, payment_type: 'outbound', sequence: 10 },
  ]);
  await ins(tx, 'res_groups', GROUPS.map(([id, , name, implied]) => ({ id, name, full_name: name, implied_ids: implied })));
  await ins(tx, 'ir_model_data', GROUPS.map(([id, xml]) => ({ module: 'account', name: xml, model: 'res.groups', res_id: id })));
}
