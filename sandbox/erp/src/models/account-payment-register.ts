/**
 * The "Register Payment" wizard (`account.payment.register`), created with the invoices in the context
 * (`active_model: account.move`, `active_ids`): its open receivable items (`line_ids`), the partner, what is owed
 * (`source_amount` in company currency, `source_amount_currency` in `source_currency_id`), and defaults as Odoo 19
 * gives them: the company's first bank journal, the journal's currency (else the invoices'), the amount owed in that
 * currency, the journal's first inbound method line, today, the invoices' reference. `payment_difference` is what
 * stays open; `payment_difference_handling` `open` leaves it owed (`reconcile`, a write-off, is not emulated).
 * `action_create_payments` makes one payment (business/payments.ts) and answers its form action; several invoices
 * of different partners make one payment each, at their full residual.
 */
import { companyToCurrencyRates } from '../business/currency-rates.ts';
import { makePayments, type NewPayment } from '../business/payments.ts';
import { bool, char, date, defineModel, m2m, m2o, money, sel } from '../orm/define.ts';
import { userError } from '../orm/errors.ts';
import type { Env, Json, Vals } from '../orm/types.ts';
import { activeIds } from './account.ts';

const round2 = (x: number) => Math.round(x * 100) / 100;

export const accountPaymentRegister = defineModel({
  name: 'account.payment.register',
  description: 'Pay',
  fields: {
    payment_date: date('Payment Date', { required: true }),
    amount: money('Amount'),
    communication: char('Memo'),
    group_payment: bool('Group Payments'),
    currency_id: m2o('res.currency', 'Currency'),
    journal_id: m2o('account.journal', 'Journal', { required: true }),
    payment_method_line_id: m2o('account.payment.method.line', 'Payment Method'),
    partner_id: m2o('res.partner', 'Customer/Vendor', { readonly: true }),
    payment_type: sel('Payment Type', [['outbound', 'Send'], ['inbound', 'Receive']], { readonly: true }),
    partner_type: sel('Partner Type', [['customer', 'Customer'], ['supplier', 'Vendor']], { readonly: true }),
    line_ids: m2m('account.move.line', 'Journal items', { readonly: true }),
    source_amount: money('Amount to Pay (company currency)', { readonly: true }),
    source_amount_currency: money('Amount to Pay (foreign currency)', { readonly: true }),
    source_currency_id: m2o('res.currency', 'Source Currency', { readonly: true }),
    can_edit_wizard: bool('Can Edit Wizard', { readonly: true }),
    payment_difference_handling: sel('Payment Difference Handling', [['open', 'Keep open'], ['reconcile', 'Mark as fully paid']], { default: 'open' }),
    payment_difference: money('Payment Difference', { readonly: true, compute: async (env, ids) => {
      const r = await env.tx.query(
        `SELECT id, currency_id, source_currency_id, payment_date::text AS day, amount::float8 AS amount, source_amount::float8 AS src,
                source_amount_currency::float8 AS src_cur FROM account_payment_register WHERE id = ANY($1)`, [ids]);
      const owed = await owedIn(env, r.rows.map((w) => ({ id: w.id as number, currency: w.currency_id as number, srcCurrency: w.source_currency_id as number,
        day: w.day as string, src: Number(w.src), srcCur: Number(w.src_cur) })));
      return new Map(r.rows.map((w) => [w.id as number, round2(owed.get(w.id as number)! - Number(w.amount))]));
    } }),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) await fillDefaults(env, r);
  },
  methods: {
    async action_create_payments(env, ids) {
      const payments: number[] = [];
      for (const id of ids) payments.push(...await pay(env, id));
      const base: Record<string, Json> = { name: 'Payments', type: 'ir.actions.act_window', res_model: 'account.payment', context: { create: false } };
      return payments.length === 1 ? { ...base, view_mode: 'form', res_id: payments[0]! } : { ...base, view_mode: 'list,form', domain: [['id', 'in', payments]] };
    },
  },
});

/** What is owed, in the wizard's currency: the source amount in its own currency, else converted from the company's. */
async function owedIn(env: Env, list: Array<{ id: number; currency: number; srcCurrency: number; day: string; src: number; srcCur: number }>): Promise<Map<number, number>> {
  const rates = await companyToCurrencyRates(env, list.map((w) => ({ key: w.id, currencyId: w.currency, day: w.day, companyId: env.companyId })));
  return new Map(list.map((w) => [w.id, w.currency === w.srcCurrency ? w.srcCur : round2(w.src * (rates.get(w.id) ?? 1))]));
}

async function fillDefaults(env: Env, r: Vals): Promise<void> {
  const moves = activeIds(env, 'account.move');
  const lines = await env.tx.query(
    `SELECT l.id, l.partner_id, l.currency_id, l.amount_residual::float8 AS res, l.amount_residual_currency::float8 AS res_cur,
            coalesce(nullif(m.ref, ''), m.name) AS label, a.account_type
     FROM account_move_line l JOIN account_move m ON m.id = l.move_id JOIN account_account a ON a.id = l.account_id
     WHERE l.move_id = ANY($1) AND m.state = 'posted' AND a.account_type IN ('asset_receivable', 'liability_payable') AND NOT l.reconciled
       AND l.amount_residual <> 0 ORDER BY l.id`, [moves]);
  if (lines.rows.length === 0) throw userError("You can't register a payment because there is nothing left to pay on the selected journal items.");
  const first = lines.rows[0]!;
  const currencies = new Set(lines.rows.map((l) => l.currency_id));
  const partners = new Set(lines.rows.map((l) => l.partner_id));
  r.line_ids = [[6, 0, lines.rows.map((l) => l.id as number)]];
  r.partner_id = partners.size === 1 ? (first.partner_id as number | null) ?? false : false;
  r.payment_type = Number(first.res) > 0 ? 'inbound' : 'outbound';
  r.partner_type = first.account_type === 'asset_receivable' ? 'customer' : 'supplier';
  r.source_amount = round2(Math.abs(lines.rows.reduce((s, l) => s + Number(l.res), 0)));
  r.source_amount_currency = round2(Math.abs(lines.rows.reduce((s, l) => s + Number(l.res_cur), 0)));
  r.source_currency_id = currencies.size === 1 ? first.currency_id as number : (await env.tx.query('SELECT currency_id FROM res_company WHERE id = $1', [env.companyId])).rows[0].currency_id as number;
  r.can_edit_wizard = partners.size === 1;
  if (r.journal_id === undefined) {
    const j = await env.tx.query(`SELECT id FROM account_journal WHERE type IN ('bank', 'cash') AND company_id = $1 AND active ORDER BY sequence, type, code, id LIMIT 1`, [env.companyId]);
    r.journal_id = (j.rows[0]?.id as number | undefined) ?? false;
  }
  const j = await env.tx.query('SELECT currency_id FROM account_journal WHERE id = $1', [r.journal_id]);
  r.currency_id ??= (j.rows[0]?.currency_id as number | null) ?? r.source_currency_id;
  r.payment_date ??= env.now.toISOString().slice(0, 10);
  if (r.amount === undefined) {
    const owed = await owedIn(env, [{ id: 0, currency: r.currency_id as number, srcCurrency: r.source_currency_id, day: r.payment_date as string,
      src: r.source_amount, srcCur: r.source_amount_currency }]);
    r.amount = owed.get(0)!;
  }
  if (r.payment_method_line_id === undefined) {
    const m = await env.tx.query('SELECT id FROM account_payment_method_line WHERE journal_id = $1 AND payment_type = $2 ORDER BY sequence, id LIMIT 1',
      [r.journal_id, r.payment_type]);
    r.payment_method_line_id = (m.rows[0]?.id as number | undefined) ?? false;
  }
  r.communication ??= [...new Set(lines.rows.map((l) => l.label as string))].join(' ');
}

/** One wizard's payments: one for the whole when it can be edited (one partner), else one per item at its residual. */
async function pay(env: Env, id: number): Promise<number[]> {
  const w = (await env.tx.query(
    `SELECT journal_id, amount::float8 AS amount, currency_id, payment_date::text AS day, communication, partner_id, payment_type, partner_type,
            payment_method_line_id, line_ids, can_edit_wizard, payment_difference_handling AS handling, group_payment
     FROM account_payment_register WHERE id = $1`, [id])).rows[0];
  if (w.handling === 'reconcile') throw userError('Write-offs of a payment difference are not available in this ERP sandbox: keep the difference open.');
  const common: Omit<NewPayment, 'amount' | 'partnerId' | 'lineIds'> = {
    journalId: w.journal_id as number, currencyId: w.currency_id as number, date: w.day as string, memo: (w.communication as string | null) ?? false,
    paymentType: w.payment_type as NewPayment['paymentType'], partnerType: w.partner_type as NewPayment['partnerType'],
    methodLineId: (w.payment_method_line_id as number | null) ?? false,
  };
  const lines = w.line_ids as number[];
  if (w.can_edit_wizard && (lines.length === 1 || w.group_payment)) {
    return makePayments(env, [{ ...common, amount: Number(w.amount), partnerId: (w.partner_id as number | null) ?? false, lineIds: lines }]);
  }
  // each item paid in its own currency, at what it still owes
  const each = await env.tx.query('SELECT id, partner_id, currency_id, abs(amount_residual_currency)::float8 AS amount FROM account_move_line WHERE id = ANY($1) ORDER BY id', [lines]);
  return makePayments(env, each.rows.map((l) => ({
    ...common, currencyId: l.currency_id as number, amount: Number(l.amount), partnerId: (l.partner_id as number | null) ?? false, lineIds: [l.id as number],
  })));
}
