/**
 * What an invoice shows of its currency and payments: `invoice_currency_rate` (company -> invoice currency at the
 * invoice date, in Odoo's float form: 0.8999999999999999 for a rate of 0.9) and `matched_payment_ids` (payments
 * whose entries settle it or that were registered for it, newest first as account.payment sorts).
 */
import type { Env, Json } from '../orm/types.ts';
import { companyToCurrencyRates, dayOf } from './currency-rates.ts';

export async function invoiceCurrencyRates(env: Env, ids: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(
    `SELECT m.id, m.currency_id, m.company_id, coalesce(m.invoice_date, m.date)::text AS day, c.currency_id AS cc
     FROM account_move m JOIN res_company c ON c.id = m.company_id WHERE m.id = ANY($1)`, [ids]);
  const rates = await companyToCurrencyRates(env, r.rows.map((m) => ({
    key: m.id as number, currencyId: m.currency_id as number, day: dayOf(m.day as string | null, env.now), companyId: m.company_id as number,
  })));
  return new Map(r.rows.map((m) => [m.id as number, m.currency_id === m.cc ? 1 : rates.get(m.id as number) ?? 1]));
}

export async function matchedPayments(env: Env, ids: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(
    `SELECT m.id, array_remove(array_agg(DISTINCT p.id), NULL) AS pays FROM account_move m
     LEFT JOIN account_payment p ON m.id = ANY(p.invoice_ids) OR p.id IN (
       SELECT om.origin_payment_id FROM account_move_line l
       JOIN account_partial_reconcile pr ON l.id IN (pr.debit_move_id, pr.credit_move_id)
       JOIN account_move_line o ON o.id = CASE WHEN pr.debit_move_id = l.id THEN pr.credit_move_id ELSE pr.debit_move_id END
       JOIN account_move om ON om.id = o.move_id WHERE l.move_id = m.id)
     WHERE m.id = ANY($1) GROUP BY m.id`, [ids]);
  const all = [...new Set(r.rows.flatMap((x) => x.pays as number[]))];
  const order = await env.tx.query(`SELECT id FROM account_payment WHERE id = ANY($1) ORDER BY date DESC, name DESC, id DESC`, [all]);
  const rank = new Map(order.rows.map((x, i) => [x.id as number, i]));
  return new Map(r.rows.map((x) => [x.id as number, (x.pays as number[]).sort((a, b) => rank.get(a)! - rank.get(b)!)]));
}
