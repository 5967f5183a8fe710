/**
 * account.account. The seed has the generic chart (seed/chart.ts). Created accounts follow Odoo 19's rules: codes unique per company (422), an
 * unknown `account_type` the 500 Odoo raises computing `internal_group`, receivable and payable accounts
 * reconcilable by themselves. Also the journals' code rule (account-journal.ts).
 */
import { bool, char, defineModel, m2m, m2o, sel } from '../orm/define.ts';
import { validationError, valueError } from '../orm/errors.ts';
import type { Env, Json, Vals } from '../orm/types.ts';

export const ACCOUNT_TYPES: Array<[string, string]> = [
  ['asset_receivable', 'Receivable'], ['asset_cash', 'Bank and Cash'], ['asset_current', 'Current Assets'],
  ['asset_non_current', 'Non-current Assets'], ['asset_prepayments', 'Prepayments'], ['asset_fixed', 'Fixed Assets'],
  ['liability_payable', 'Payable'], ['liability_credit_card', 'Credit Card'], ['liability_current', 'Current Liabilities'],
  ['liability_non_current', 'Non-current Liabilities'], ['equity', 'Equity'], ['equity_unaffected', 'Current Year Earnings'],
  ['income', 'Income'], ['income_other', 'Other Income'], ['expense', 'Expenses'], ['expense_depreciation', 'Depreciation'],
  ['expense_direct_cost', 'Cost of Revenue'], ['off_balance', 'Off-Balance Sheet'],
];

export const accountAccount = defineModel({
  name: 'account.account',
  description: 'Account',
  order: 'code, id',
  fields: {
    code: char('Code', { index: true }),
    name: char('Account Name', { required: true }),
    account_type: sel('Type', ACCOUNT_TYPES, { required: true }),
    reconcile: bool('Allow Reconciliation'),
    currency_id: m2o('res.currency', 'Account Currency'),
    company_id: m2o('res.company', 'Company', { default: (env: Env): Json => env.companyId }),
    // Odoo 19 shares an account between companies: `company_ids` (the sandbox keeps `company_id` as the first)
    company_ids: m2m('res.company', 'Companies', { default: (env: Env): Json => [[6, 0, [env.companyId]]] }),
    active: bool('Active', { default: true }),
  },
  // Odoo 19 names an account by its name alone (registry.ts gives the 18 mode the code first)
  displayName: (a) => `${a}.name`,
  async prepareCreate(env, rows) {
    for (const r of rows) {
      if (typeof r.account_type === 'string' && !ACCOUNT_TYPES.some(([k]) => k === r.account_type)) {
        throw valueError(`Wrong value for account.account.internal_group: '${r.account_type}'`);
      }
      if (r.reconcile === undefined && (r.account_type === 'asset_receivable' || r.account_type === 'liability_payable')) r.reconcile = true;
    }
    const dup = await duplicateCodes(env, 'account_account', rows);
    if (dup.length) throw validationError(`Account codes must be unique. You can't create accounts with these duplicate codes: ${dup.join(', ')}`);
  },
});

/** account.journal create: a code already used in the company (or twice in the call) is refused, as Odoo's constraint. */
export async function checkJournalCodes(env: Env, rows: Vals[]): Promise<void> {
  if ((await duplicateCodes(env, 'account_journal', rows)).length) {
    throw validationError('The operation cannot be completed: Journal codes must be unique per company.');
  }
}

/** Codes of `rows` already used in their company (each row's `company_id`, else the call's), or repeated among them. */
async function duplicateCodes(env: Env, table: string, rows: Vals[]): Promise<string[]> {
  const keyed = rows.filter((r) => typeof r.code === 'string').map((r) => `${typeof r.company_id === 'number' ? r.company_id : env.companyId}|${r.code as string}`);
  const taken = await env.tx.query(`SELECT company_id || '|' || code AS k FROM ${table} WHERE company_id || '|' || code = ANY($1)`, [keyed]);
  const dup = new Set([...taken.rows.map((x) => x.k as string), ...keyed.filter((k, i) => keyed.indexOf(k) !== i)]);
  return [...dup].map((k) => k.slice(k.indexOf('|') + 1));
}
