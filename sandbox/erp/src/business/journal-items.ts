/**
 * The receivable journal item of customer invoices and credit notes (Odoo's `payment_term` line): the amount the
 * customer owes (invoice, debit) or is owed (credit note, credit), in company currency, on the receivable account.
 * It is what reconciliation matches and what `amount_residual` / `payment_state` are read from (reconcile.ts).
 * Product lines carry their side in the ledger too (income, credit on an invoice): their subtotal in the document's
 * currency (`amount_currency`) and in the company's at the invoice date's rate. Not emulated: tax items (an
 * invoice with taxes has a receivable item larger than its product items).
 */
import { updateRows } from '../db/bulk.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env } from '../orm/types.ts';
import { companyToCurrencyRates, dayOf } from './currency-rates.ts';
import { CHART } from '../seed/chart.ts';

/** The seeded accounts of the generic chart that invoices post to (seed/chart.ts). */
export const RECEIVABLE_ACCOUNT = CHART.receivable;
export const INCOME_ACCOUNT = CHART.income;

const SIGN: Record<string, number> = { out_invoice: 1, out_refund: -1 };

/** Creates or updates the receivable item of each customer invoice / credit note from its total (drafts and postings). */
export async function syncReceivableLines(env: Env, moveIds: number[]): Promise<void> {
  if (moveIds.length === 0) return;
  const moves = await env.tx.query(
    `SELECT m.id, m.move_type, m.amount_total::float8 AS total, m.currency_id, m.company_id, m.partner_id, m.state,
            coalesce(m.invoice_date, m.date)::text AS day, cur.decimal_places AS dp,
            (SELECT l.id FROM account_move_line l WHERE l.move_id = m.id AND l.display_type = 'payment_term' ORDER BY l.id LIMIT 1) AS line_id,
            (SELECT p.property_account_receivable_id FROM res_partner p WHERE p.id = m.partner_id) AS receivable
     FROM account_move m JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id
     WHERE m.id = ANY($1) AND m.move_type IN ('out_invoice', 'out_refund')`, [moveIds]);
  if (moves.rows.length === 0) return;
  const rates = await companyToCurrencyRates(env, moves.rows.map((m) => ({
    key: m.id as number, currencyId: m.currency_id as number, day: dayOf(m.day as string | null, env.now), companyId: m.company_id as number,
  })));
  const updates: Array<Record<string, unknown>> = [];
  const creates = [];
  for (const m of moves.rows) {
    const sign = SIGN[m.move_type as string]!;
    const amountCurrency = sign * Number(m.total);
    const balance = Number((amountCurrency / (rates.get(m.id as number) ?? 1)).toFixed(Number(m.dp)));
    const vals = {
      balance, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), amount_currency: amountCurrency,
      // nothing is matched before posting: the residual is the whole amount
      amount_residual: balance, amount_residual_currency: amountCurrency,
    };
    if (m.line_id) {
      // a posted item keeps its residual (reconcile.ts owns it)
      if (m.state === 'draft') updates.push({ id: m.line_id, ...vals });
    } else {
      creates.push({
        move_id: m.id as number, display_type: 'payment_term', account_id: (m.receivable as number | null) ?? RECEIVABLE_ACCOUNT, partner_id: (m.partner_id as number | null) ?? false,
        currency_id: m.currency_id as number, quantity: 0, price_unit: 0, tax_ids: [], sequence: 10_000, ...vals,
      });
    }
  }
  const num = { balance: 'numeric', debit: 'numeric', credit: 'numeric', amount_currency: 'numeric', amount_residual: 'numeric', amount_residual_currency: 'numeric' };
  await updateRows(env.tx, 'account_move_line', num, updates);
  if (creates.length) await createRecords(env, getModel(env, 'account.move.line'), creates);
  // the product items of drafts: the other side of the receivable item, line by line
  await env.tx.query(
    `UPDATE account_move_line l SET currency_id = m.currency_id, amount_currency = -s.sign * l.price_subtotal,
       balance = round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places),
       debit = greatest(round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places), 0),
       credit = greatest(-round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places), 0)
     FROM account_move m JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id,
       unnest($1::int[], $2::int[], $3::float8[]) AS s(move_id, sign, rate)
     WHERE m.id = l.move_id AND s.move_id = m.id AND m.state = 'draft' AND l.display_type = 'product'`,
    [moves.rows.map((m) => m.id), moves.rows.map((m) => SIGN[m.move_type as string]!), moves.rows.map((m) => rates.get(m.id as number) ?? 1)]);
}
