/**
 * Payments as Odoo 19 makes them: a payment has its own journal entry in the payment's journal, numbered
 * "P" + journal code (PAMZ/2026/00001), with the outstanding receipts (or payments) item and the partner's receivable
 * (or payable) item; posting it puts the payment `in_process` (the bank has not confirmed it yet). A payment for
 * invoices is matched with their open items at once, so the invoices are `partial` or `paid` (never `in_payment`:
 * community Odoo 19's `_get_invoice_in_payment_state` answers `paid`, as recorded; reconcile.ts has the rule).
 */
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json } from '../orm/types.ts';
import { CHART } from '../seed/chart.ts';
import { postMoves } from './invoicing.ts';
import { reconcileLines } from './reconcile.ts';

export interface NewPayment {
  journalId: number;
  amount: number;
  currencyId: number;
  date: string;
  memo: string | false;
  partnerId: number | false;
  paymentType: 'inbound' | 'outbound';
  partnerType: 'customer' | 'supplier';
  methodLineId: number | false;
  /** Open journal items (invoices' receivable items) the payment settles. */
  lineIds: number[];
}

/** Creates, posts and matches each payment; answers their ids. */
export async function makePayments(env: Env, list: NewPayment[]): Promise<number[]> {
  const out: number[] = [];
  for (const p of list) {
    const method = p.methodLineId === false ? null
      : (await env.tx.query('SELECT payment_account_id FROM account_payment_method_line WHERE id = $1', [p.methodLineId])).rows[0];
    const outstanding = (method?.payment_account_id as number | null) ?? (p.paymentType === 'inbound' ? CHART.outstandingReceipts : CHART.outstandingPayments);
    const partner = p.partnerId === false ? null
      : (await env.tx.query('SELECT property_account_receivable_id AS r, property_account_payable_id AS p FROM res_partner WHERE id = $1', [p.partnerId])).rows[0];
    const destination = p.partnerType === 'customer' ? (partner?.r as number | null) ?? CHART.receivable : (partner?.p as number | null) ?? CHART.payable;
    const invoices = await env.tx.query('SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1)', [p.lineIds]);
    const [payId] = await createRecords(env, getModel(env, 'account.payment'), [{
      date: p.date, amount: p.amount, currency_id: p.currencyId, journal_id: p.journalId, payment_type: p.paymentType, partner_type: p.partnerType,
      partner_id: p.partnerId, memo: p.memo, payment_method_line_id: p.methodLineId, outstanding_account_id: outstanding,
      destination_account_id: destination, invoice_ids: [[6, 0, invoices.rows.map((x) => x.move_id as number)]],
    }]);
    const sign = p.paymentType === 'inbound' ? 1 : -1;
    const label = p.memo || false;
    const [moveId] = await createRecords(env, getModel(env, 'account.move'), [{
      move_type: 'entry', journal_id: p.journalId, date: p.date, currency_id: p.currencyId, partner_id: p.partnerId, ref: p.memo,
      line_ids: [
        [0, 0, { account_id: outstanding, partner_id: p.partnerId, name: label, amount_currency: sign * p.amount, currency_id: p.currencyId }],
        [0, 0, { account_id: destination, partner_id: p.partnerId, name: label, amount_currency: -sign * p.amount, currency_id: p.currencyId }],
      ],
    }]);
    await env.tx.query('UPDATE account_move SET origin_payment_id = $2 WHERE id = $1', [moveId, payId]);
    await postMoves(env, [moveId!]);
    await env.tx.query(
      `UPDATE account_payment p SET move_id = m.id, name = m.name, state = 'in_process', write_date = sandbox_now() FROM account_move m WHERE m.id = $1 AND p.id = $2`,
      [moveId, payId]);
    const counterpart = await env.tx.query('SELECT id FROM account_move_line WHERE move_id = $1 AND account_id = $2', [moveId, destination]);
    if (p.lineIds.length) await reconcileLines(env, [...counterpart.rows.map((x) => x.id as number), ...p.lineIds]);
    out.push(payId!);
  }
  return out;
}

/** What each payment's items say: its counterpart settled, its outstanding item matched, the invoices it settled. */
export async function paymentFacts(env: Env, ids: number[]): Promise<Map<number, { is_reconciled: boolean; is_matched: boolean; reconciled_invoice_ids: Json }>> {
  const r = await env.tx.query(
    `SELECT p.id,
       coalesce(bool_and(l.reconciled) FILTER (WHERE l.account_id = p.destination_account_id), false) AS rec,
       coalesce(bool_and(l.reconciled) FILTER (WHERE l.account_id = p.outstanding_account_id), false) AS matched,
       (SELECT coalesce(array_agg(DISTINCT om.id ORDER BY om.id), '{}') FROM account_move_line c
          JOIN account_partial_reconcile pr ON c.id IN (pr.debit_move_id, pr.credit_move_id)
          JOIN account_move_line o ON o.id = CASE WHEN pr.debit_move_id = c.id THEN pr.credit_move_id ELSE pr.debit_move_id END
          JOIN account_move om ON om.id = o.move_id AND om.move_type <> 'entry'
        WHERE c.move_id = p.move_id AND c.account_id = p.destination_account_id) AS invoices
     FROM account_payment p LEFT JOIN account_move_line l ON l.move_id = p.move_id WHERE p.id = ANY($1) GROUP BY p.id`, [ids]);
  return new Map(r.rows.map((x) => [x.id as number, { is_reconciled: x.rec === true, is_matched: x.matched === true, reconciled_invoice_ids: x.invoices as number[] }]));
}
