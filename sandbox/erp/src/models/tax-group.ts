/**
 * account.tax.group (Odoo 19: every tax needs one of its own country) and account.account. The sandbox keeps no
 * full chart: the seed has the receivable and income accounts invoices post to (journal-items.ts); the groups'
 * payable / receivable accounts read `false` as on a fresh database whose groups have no accounts set.
 */
import { bool, char, defineModel, int, m2o, sel } from '../orm/define.ts';
import type { Env, Json } from '../orm/types.ts';

export const ACCOUNT_TYPES: Array<[string, string]> = [
  ['asset_receivable', 'Receivable'], ['asset_cash', 'Bank and Cash'], ['asset_current', 'Current Assets'],
  ['liability_payable', 'Payable'], ['liability_current', 'Current Liabilities'], ['income', 'Income'],
  ['expense', 'Expenses'], ['equity', 'Equity'],
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
    active: bool('Active', { default: true }),
  },
  // Odoo 19 names an account by its name alone (registry.ts gives the 18 mode the code first)
  displayName: (a) => `${a}.name`,
});

/** The company's fiscal country (or its country), Odoo's default for a group's country. */
async function companyFiscalCountry(env: Env): Promise<Json> {
  const r = await env.tx.query('SELECT coalesce(account_fiscal_country_id, country_id) AS c FROM res_company WHERE id = $1', [env.companyId]);
  return (r.rows[0]?.c as number | null) ?? false;
}

export const accountTaxGroup = defineModel({
  name: 'account.tax.group',
  description: 'Tax Group',
  order: 'sequence, id',
  fields: {
    name: char('Name', { required: true }),
    sequence: int('Sequence', { default: 10 }),
    company_id: m2o('res.company', 'Company', { required: true, default: (env: Env): Json => env.companyId }),
    country_id: m2o('res.country', 'Country', { default: companyFiscalCountry }),
    tax_payable_account_id: m2o('account.account', 'Tax Payable Account'),
    tax_receivable_account_id: m2o('account.account', 'Tax Receivable Account'),
    advance_tax_payment_account_id: m2o('account.account', 'Tax Advance Account'),
    preceding_subtotal: char('Preceding Subtotal'),
  },
});
