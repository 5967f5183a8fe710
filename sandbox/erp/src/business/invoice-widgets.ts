/**
 * The two JSON fields an invoice form shows beside its totals, as Odoo 19 computes them: the customer's open
 * credits that could settle the invoice (`invoice_outstanding_credits_debits_widget`, what
 * `js_assign_outstanding_line` takes a line id from) and what already settled it (`invoice_payments_widget`, one
 * entry per partial reconcile). Both are `false` when there is nothing to show.
 */
import type { Env, Json } from '../orm/types.ts';

const CUSTOMER = ['out_invoice', 'out_refund'];

/** Open receivable items of the same customer, of the other sign, on other posted moves. */
export async function outstandingWidget(env: Env, moveIds: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(
    `SELECT m.id AS move, m.move_type, m.currency_id, o.id, o.move_id, om.date::text AS date, om.ref, om.name,
            abs(o.amount_residual_currency)::float8 AS amount
     FROM account_move m JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'payment_term'
     JOIN account_move_line o ON o.account_id = l.account_id AND o.id <> l.id AND o.move_id <> m.id AND NOT o.reconciled
       AND sign(o.amount_residual) = -sign(l.amount_residual) AND o.amount_residual <> 0
     JOIN account_move om ON om.id = o.move_id AND om.state = 'posted'
     JOIN res_partner op ON op.id = o.partner_id JOIN res_partner mp ON mp.id = m.partner_id AND mp.commercial_partner_id = op.commercial_partner_id
     WHERE m.id = ANY($1) AND m.state = 'posted' AND m.move_type = ANY($2) AND m.payment_state NOT IN ('paid', 'reversed', 'in_payment')
     ORDER BY m.id, om.date NULLS LAST, o.id`, [moveIds, CUSTOMER]);
  const widgets = new Map<number, { outstanding: true; content: Json[]; move_id: number; title: string }>();
  for (const x of r.rows) {
    const id = x.move as number;
    if (!widgets.has(id)) {
      widgets.set(id, { outstanding: true, content: [], move_id: id, title: x.move_type === 'out_invoice' ? 'Outstanding credits' : 'Outstanding debits' });
    }
    widgets.get(id)!.content.push({
      journal_name: (x.ref as string | null) || (x.name as string), amount: Number(x.amount), currency_id: x.currency_id as number,
      id: x.id as number, move_id: x.move_id as number, date: x.date as string, account_payment_id: false, move_ref: (x.ref as string | null) || false,
    });
  }
  return new Map(moveIds.map((id) => [id, widgets.get(id) ?? false]));
}

/** One entry per partial reconcile of the move's receivable items, oldest first. */
export async function paymentsWidget(env: Env, moveIds: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(
    `SELECT m.id AS move, p.id AS partial, p.amount::float8 AS amount, o.name AS line_name, j.name AS journal, om.id AS other, om.move_type,
            om.date::text AS date, m.currency_id, cur.symbol, cur.position, cur.decimal_places AS dp, om.origin_payment_id AS payment, p.exchange_move_id IS NOT NULL AS exchange,
            (CASE WHEN p.debit_move_id = l.id THEN p.debit_amount_currency ELSE p.credit_amount_currency END)::float8 AS amount_cur,
            cur.id AS cur_id, mc.id AS mc_id, mc.symbol AS mc_symbol, mc.position AS mc_position, mc.decimal_places AS mc_dp,
            om.name || coalesce(' (' || nullif(om.ref, '') || ')', '') AS ref
     FROM account_move m JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'payment_term'
     JOIN account_partial_reconcile p ON l.id IN (p.debit_move_id, p.credit_move_id)
     JOIN account_move_line o ON o.id = CASE WHEN p.debit_move_id = l.id THEN p.credit_move_id ELSE p.debit_move_id END
     JOIN account_move om ON om.id = o.move_id JOIN account_journal j ON j.id = om.journal_id
     JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id JOIN res_currency mc ON mc.id = m.currency_id
     WHERE m.id = ANY($1) AND m.state = 'posted' ORDER BY m.id, om.date, p.id`, [moveIds]);
  const widgets = new Map<number, { title: string; outstanding: false; content: Json[] }>();
  for (const x of r.rows) {
    const id = x.move as number;
    if (!widgets.has(id)) widgets.set(id, { title: 'Less Payment', outstanding: false, content: [] });
    // in the invoice's currency; a foreign invoice also shows both amounts formatted
    const companyAmount = Number(x.amount);
    const foreign = x.mc_id !== x.cur_id;
    const amount = foreign ? Number(x.amount_cur) : companyAmount;
    widgets.get(id)!.content.push({
      name: (x.line_name as string | null) || false, journal_name: x.journal as string, company_name: false, amount,
      currency_id: x.currency_id as number, date: x.date as string, partial_id: x.partial as number, account_payment_id: (x.payment as number | null) ?? false,
      payment_method_name: false, move_id: x.other as number, is_refund: x.move_type === 'out_refund' || x.move_type === 'in_refund',
      ref: x.ref as string, is_exchange: x.exchange === true,
      amount_company_currency: formatMoney(companyAmount, x.symbol as string, x.position as string, Number(x.dp)),
      amount_foreign_currency: foreign ? formatMoney(amount, x.mc_symbol as string, x.mc_position as string, Number(x.mc_dp)) : false,
    });
  }
  return new Map(moveIds.map((id) => [id, widgets.get(id) ?? false]));
}

/** Odoo's `formatLang` with a currency: the symbol on its side, joined by a no-break space. */
export function formatMoney(amount: number, symbol: string, position: string, dp: number): string {
  const n = amount.toLocaleString('en-US', { minimumFractionDigits: dp, maximumFractionDigits: dp });
  return position === 'before' ? `${symbol}\u00a0${n}` : `${n}\u00a0${symbol}`;
}
