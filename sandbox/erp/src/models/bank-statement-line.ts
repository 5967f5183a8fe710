/**
 * Bank statement lines (`account.bank.statement.line`) as Odoo 19 creates them: only users in the accounting group
 * "Basic" may (403 AccessError otherwise, even the admin); each line is posted at once as its own entry in the
 * journal (AMZ/2026/00001): the liquidity item on the journal's account, in the journal's currency, and the
 * suspense item, in the foreign currency when one is given (`foreign_currency_id` + `amount_currency`). Until it is
 * reconciled, `amount_residual` is the suspense item's amount (-amount) and `is_reconciled` false. `date` defaults
 * to today; `running_balance` adds the journal's lines up to this one (by date, then id). No statements
 * (`statement_id` stays false).
 */
import { postMoves } from '../business/invoicing.ts';
import { createRecords } from '../orm/create.ts';
import { bool, char, date, defineModel, m2o, money, sel } from '../orm/define.ts';
import { userError } from '../orm/errors.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json } from '../orm/types.ts';
import { GROUP_ACCOUNT_BASIC } from '../seed/chart.ts';
import { requireGroupToCreate } from './res-groups.ts';

const MODEL = 'account.bank.statement.line';

/** One SQL value per line, as a compute (`s` is the statement line). */
const sqlCompute = (expr: string, cast: (v: unknown) => Json) => async (env: Env, ids: number[]) => {
  const r = await env.tx.query(`SELECT s.id, ${expr} AS v FROM account_bank_statement_line s WHERE s.id = ANY($1)`, [ids]);
  return new Map(r.rows.map((x) => [x.id as number, cast(x.v)]));
};
/** A many2one answer `[id, name]` of a currency (json_build_array comes back parsed). */
const currency = (idExpr: string) => sqlCompute(`(SELECT json_build_array(t.id, t.name) FROM res_currency t WHERE t.id = ${idExpr})`, (v) => (v as Json) ?? false);
/** The suspense items of the line's entry (what is still to reconcile). */
const SUSPENSE = `FROM account_move_line l JOIN account_journal j ON j.id = s.journal_id WHERE l.move_id = s.move_id AND l.account_id = j.suspense_account_id`;

export const accountBankStatementLine = defineModel({
  name: MODEL,
  description: 'Bank Statement Line',
  order: 'date desc, id desc',
  fields: {
    journal_id: m2o('account.journal', 'Journal', { required: true, index: true }),
    company_id: m2o('res.company', 'Company', { default: 1 }),
    date: date('Date', { required: true, default: (env) => env.now.toISOString().slice(0, 10) }),
    payment_ref: char('Label'),
    amount: money('Amount'),
    foreign_currency_id: m2o('res.currency', 'Foreign Currency'),
    amount_currency: money('Amount in Currency'),
    partner_id: m2o('res.partner', 'Partner'),
    move_id: m2o('account.move', 'Journal Entry', { readonly: true, index: true }),
    statement_id: m2o('account.move', 'Statement', { readonly: true }),
    currency_id: m2o('res.currency', 'Journal Currency', { readonly: true, compute: currency(
      '(SELECT coalesce(j.currency_id, c.currency_id) FROM account_journal j JOIN res_company c ON c.id = j.company_id WHERE j.id = s.journal_id)') }),
    company_currency_id: m2o('res.currency', 'Company Currency', { readonly: true, compute: currency('(SELECT c.currency_id FROM res_company c WHERE c.id = s.company_id)') }),
    state: sel('Status', [['draft', 'Draft'], ['posted', 'Posted'], ['cancel', 'Cancelled']], { readonly: true, compute: sqlCompute(
      '(SELECT m.state FROM account_move m WHERE m.id = s.move_id)', (v) => (v as string | null) ?? 'draft') }),
    is_reconciled: bool('Is Reconciled', { readonly: true, compute: sqlCompute(`s.move_id IS NOT NULL AND NOT EXISTS (SELECT 1 ${SUSPENSE})`, (v) => v === true) }),
    amount_residual: money('Residual Amount', { readonly: true, compute: sqlCompute(`(SELECT sum(l.amount_currency)::float8 ${SUSPENSE})`, (v) => Number(v ?? 0)) }),
    running_balance: money('Running Balance', { readonly: true, compute: sqlCompute(
      `(SELECT sum(o.amount) FROM account_bank_statement_line o WHERE o.journal_id = s.journal_id AND (o.date, o.id) <= (s.date, s.id))`, (v) => Number(v ?? 0)) }),
  },
  displayName: (a) => `coalesce(${a}.payment_ref, '')`,
  async prepareCreate(env) {
    await requireGroupToCreate(env, GROUP_ACCOUNT_BASIC, MODEL, 'Bank Statement Line');
  },
  async afterCreate(env, ids) {
    await postStatementLines(env, ids);
  },
});

/** Each line's entry: liquidity and suspense items, posted. */
async function postStatementLines(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT s.id, s.journal_id, s.date::text AS day, s.amount::float8 AS amount, s.foreign_currency_id AS fc, s.amount_currency::float8 AS amount_cur,
            s.partner_id, s.payment_ref, j.default_account_id AS liquidity, j.suspense_account_id AS suspense, coalesce(j.currency_id, c.currency_id) AS cur, c.currency_id AS company_cur
     FROM account_bank_statement_line s JOIN account_journal j ON j.id = s.journal_id JOIN res_company c ON c.id = j.company_id
     WHERE s.id = ANY($1) ORDER BY s.id`, [ids]);
  for (const s of r.rows) {
    if (!s.liquidity || !s.suspense) throw userError('You can\'t create a new statement line without a suspense account set on the journal or the company.');
    const partner = (s.partner_id as number | null) ?? false;
    const label = (s.payment_ref as string | null) ?? false;
    // Odoo's `_prepare_move_line_default_vals`: in the company currency the line is the journal amount when the journal
    // is in it, else the foreign amount when the foreign currency is the company's, else the journal amount converted
    const companyAmount = s.cur === s.company_cur ? null : s.fc === s.company_cur ? Number(s.amount_cur) : null;
    const liquidity = { account_id: s.liquidity as number, partner_id: partner, name: label, amount_currency: Number(s.amount), currency_id: s.cur as number,
      ...(companyAmount === null ? {} : { balance: companyAmount }) };
    const [moveId] = await createRecords(env, getModel(env, 'account.move'), [{
      move_type: 'entry', journal_id: s.journal_id as number, date: s.day as string, currency_id: s.cur as number, partner_id: partner,
    }]);
    // the suspense item mirrors the liquidity item in the company currency, in the foreign currency when there is one
    const [liqId] = await createRecords(env, getModel(env, 'account.move.line'), [{ move_id: moveId!, ...liquidity }]);
    const bal = (await env.tx.query('SELECT balance::float8 AS b FROM account_move_line WHERE id = $1', [liqId])).rows[0].b as number;
    await createRecords(env, getModel(env, 'account.move.line'), [{
      move_id: moveId!, account_id: s.suspense as number, partner_id: partner, name: label, balance: -bal,
      currency_id: (s.fc as number | null) ?? (s.cur as number), amount_currency: s.fc ? -Number(s.amount_cur) : -Number(s.amount),
    }]);
    await env.tx.query('UPDATE account_move SET statement_line_id = $2 WHERE id = $1', [moveId, s.id]);
    await env.tx.query('UPDATE account_bank_statement_line SET move_id = $2 WHERE id = $1', [s.id, moveId]);
    await postMoves(env, [moveId!]);
  }
}
