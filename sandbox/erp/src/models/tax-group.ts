/**
 * account.tax.group (Odoo 19: every tax needs one of its own country). Its payable / receivable accounts read
 * `false`, as on a fresh database whose groups have no accounts set.
 */
import { char, defineModel, int, m2o } from '../orm/define.ts';
import type { Env, Json } from '../orm/types.ts';

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
