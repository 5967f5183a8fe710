/**
 * account.journal as Odoo 19 creates it: codes unique per company (422); a bank or cash journal without a default
 * account gets its own `asset_cash` account (named like the journal, in its currency, the next free code after the
 * company's bank prefix 1014: 101405 on a fresh chart), shares the company's "Bank Suspense Account" and gets one
 * inbound and one outbound "Manual Payment" method line. A journal in a foreign currency shows it in its name
 * ("Amazon (EUR)").
 */
import { CHART } from '../seed/chart.ts';
import { bool, char, defineModel, int, m2o, o2m, sel } from '../orm/define.ts';
import type { Env, Json, Vals } from '../orm/types.ts';
import { checkJournalCodes } from './account-account.ts';

const one = (): Json => 1;
const BANK_PREFIX = '1014';

export const accountJournal = defineModel({
  name: 'account.journal',
  description: 'Journal',
  order: 'sequence, type, code, id',
  fields: {
    name: char('Journal Name', { required: true }),
    code: char('Short Code', { required: true }),
    type: sel('Type', [['sale', 'Sales'], ['purchase', 'Purchase'], ['cash', 'Cash'], ['bank', 'Bank'], ['credit', 'Credit Card'], ['general', 'Miscellaneous']], { required: true }),
    sequence: int('Sequence', { default: 10 }),
    currency_id: m2o('res.currency', 'Currency'),
    company_id: m2o('res.company', 'Company', { default: one, required: true }),
    active: bool('Active', { default: true }),
    default_account_id: m2o('account.account', 'Default Account'),
    suspense_account_id: m2o('account.account', 'Suspense Account'),
    inbound_payment_method_line_ids: o2m('account.payment.method.line', 'journal_id', 'Inbound Payment Methods',
      { childWhere: (c) => `${c}.payment_type = 'inbound'` }),
    outbound_payment_method_line_ids: o2m('account.payment.method.line', 'journal_id', 'Outbound Payment Methods',
      { childWhere: (c) => `${c}.payment_type = 'outbound'` }),
  },
  displayName: (a) => `${a}.name || coalesce((SELECT ' (' || cur.name || ')' FROM res_currency cur JOIN res_company co ON co.id = ${a}.company_id
    WHERE cur.id = ${a}.currency_id AND cur.id <> co.currency_id), '')`,
  async prepareCreate(env, rows) {
    await checkJournalCodes(env, rows);
    for (const r of rows) {
      if (r.type !== 'bank' && r.type !== 'cash' && r.type !== 'credit') continue;
      r.suspense_account_id ??= CHART.suspense;
      if (r.default_account_id === undefined) r.default_account_id = await liquidityAccount(env, r);
    }
  },
  async afterCreate(env, ids) {
    const r = await env.tx.query(`SELECT id FROM account_journal WHERE id = ANY($1) AND type IN ('bank', 'cash', 'credit') ORDER BY id`, [ids]);
    for (const j of r.rows) {
      for (const [method, type] of [[1, 'inbound'], [2, 'outbound']] as const) {
        await env.tx.query(
          `INSERT INTO account_payment_method_line (name, payment_method_id, journal_id, payment_type, sequence, create_date, write_date, create_uid, write_uid)
           VALUES ('Manual Payment', $1, $2, $3, 10, sandbox_now(), sandbox_now(), $4, $4)`, [method, j.id, type, env.uid]);
      }
    }
  },
});

/** The journal's own cash account: the first free code 101401..101499, the journal's name and currency. */
async function liquidityAccount(env: Env, journal: Vals): Promise<number> {
  const company = typeof journal.company_id === 'number' ? journal.company_id : env.companyId;
  const taken = await env.tx.query(`SELECT code FROM account_account WHERE company_id = $1 AND code LIKE $2`, [company, `${BANK_PREFIX}%`]);
  const codes = new Set(taken.rows.map((x) => x.code as string));
  let n = 1;
  while (codes.has(`${BANK_PREFIX}${String(n).padStart(2, '0')}`)) n++;
  const r = await env.tx.query(
    `INSERT INTO account_account (code, name, account_type, reconcile, currency_id, company_id, company_ids, active, create_date, write_date, create_uid, write_uid)
     VALUES ($1, $2, 'asset_cash', false, $3, $4, ARRAY[$4]::int[], true, sandbox_now(), sandbox_now(), $5, $5) RETURNING id`,
    [`${BANK_PREFIX}${String(n).padStart(2, '0')}`, journal.name, typeof journal.currency_id === 'number' ? journal.currency_id : null, company, env.uid]);
  return r.rows[0].id as number;
}
