/**
 * The receivable journal item of customer invoices and credit notes (Odoo's `payment_term` line): the amount the
 * customer owes (invoice, debit) or is owed (credit note, credit), in company currency, on the receivable account;
 * vendor bills and refunds likewise on the payable account (a bill: credit).
 * It is what reconciliation matches and what `amount_residual` / `payment_state` are read from (reconcile.ts).
 * Product lines carry their side in the ledger too (income, credit on an invoice): their subtotal in the document's
 * currency (`amount_currency`) and in the company's at the invoice date's rate, and each tax its tax item, so the
 * entry balances.
 */
import { updateRows } from '../db/bulk.ts';
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Vals } from '../orm/types.ts';
import { companyToCurrencyRates, dayOf } from './currency-rates.ts';
import { CHART } from '../seed/chart.ts';

/** The seeded accounts of the generic chart that invoices post to (seed/chart.ts). */
export const RECEIVABLE_ACCOUNT = CHART.receivable;
export const INCOME_ACCOUNT = CHART.income;

/** The side of the receivable (customer) or payable (vendor) item: an invoice is owed to us, a bill by us. */
const SIGN: Record<string, number> = { out_invoice: 1, out_refund: -1, in_invoice: -1, in_refund: 1 };

/** Creates or updates the receivable item of each customer invoice / credit note from its total (drafts and postings). */
export async function syncReceivableLines(env: Env, moveIds: number[]): Promise<void> {
  if (moveIds.length === 0) return;
  const moves = await env.tx.query(
    `SELECT m.id, m.move_type, m.amount_total::float8 AS total, m.currency_id, m.company_id, m.partner_id, m.state,
            coalesce(m.invoice_date, m.date)::text AS day, cur.decimal_places AS dp,
            (SELECT l.id FROM account_move_line l WHERE l.move_id = m.id AND l.display_type = 'payment_term' ORDER BY l.id LIMIT 1) AS line_id,
            (SELECT CASE WHEN m.move_type LIKE 'out%' THEN p.property_account_receivable_id ELSE p.property_account_payable_id END
             FROM res_partner p WHERE p.id = m.partner_id) AS receivable
     FROM account_move m JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id
     WHERE m.id = ANY($1) AND m.move_type IN ('out_invoice', 'out_refund', 'in_invoice', 'in_refund')`, [moveIds]);
  if (moves.rows.length === 0) return;
  const rates = await companyToCurrencyRates(env, moves.rows.map((m) => ({
    key: m.id as number, currencyId: m.currency_id as number, day: dayOf(m.day as string | null, env.now), companyId: m.company_id as number,
  })));
  const sign = new Map(moves.rows.map((m) => [m.id as number, SIGN[m.move_type as string]!]));
  const drafts = moves.rows.filter((m) => m.state === 'draft');
  const rateArgs = [drafts.map((m) => m.id), drafts.map((m) => sign.get(m.id as number)!), drafts.map((m) => rates.get(m.id as number) ?? 1)];
  // the product items of drafts: their subtotal on the other side of the receivable item, line by line
  await env.tx.query(
    `UPDATE account_move_line l SET currency_id = m.currency_id, amount_currency = -s.sign * l.price_subtotal,
       balance = round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places),
       debit = greatest(round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places), 0),
       credit = greatest(-round((-s.sign * l.price_subtotal / s.rate)::numeric, cur.decimal_places), 0)
     FROM account_move m JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id,
       unnest($1::int[], $2::int[], $3::float8[]) AS s(move_id, sign, rate)
     WHERE m.id = l.move_id AND s.move_id = m.id AND l.display_type = 'product'`, rateArgs);
  await syncTaxItems(env, drafts.map((m) => ({ id: m.id as number, sign: sign.get(m.id as number)!, rate: rates.get(m.id as number) ?? 1, dp: Number(m.dp) })));
  // the receivable item balances the entry: the opposite of the other items in company currency, the total in currency
  const others = await env.tx.query(
    `SELECT move_id, sum(balance)::float8 AS b FROM account_move_line WHERE move_id = ANY($1) AND display_type IN ('product', 'tax') GROUP BY move_id`,
    [drafts.map((m) => m.id)]);
  const otherOf = new Map(others.rows.map((x) => [x.move_id as number, Number(x.b)]));
  const updates: Array<Record<string, unknown>> = [];
  const creates = [];
  for (const m of drafts) {
    const amountCurrency = sign.get(m.id as number)! * Number(m.total);
    const balance = Number((-(otherOf.get(m.id as number) ?? 0)).toFixed(Number(m.dp)));
    const vals = {
      balance, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), amount_currency: amountCurrency,
      // nothing is matched before posting: the residual is the whole amount
      amount_residual: balance, amount_residual_currency: amountCurrency,
    };
    // a posted item keeps its residual (reconcile.ts owns it): only drafts are synced
    if (m.line_id) updates.push({ id: m.line_id, ...vals });
    else {
      creates.push({
        move_id: m.id as number, display_type: 'payment_term', partner_id: (m.partner_id as number | null) ?? false,
        account_id: (m.receivable as number | null) ?? ((m.move_type as string).startsWith('out') ? RECEIVABLE_ACCOUNT : CHART.payable),
        currency_id: m.currency_id as number, quantity: 0, price_unit: 0, tax_ids: [], sequence: 10_000, ...vals,
      });
    }
  }
  await updateRows(env.tx, 'account_move_line', NUM, updates);
  if (creates.length) await createRecords(env, getModel(env, 'account.move.line'), creates);
}

const NUM = { balance: 'numeric', debit: 'numeric', credit: 'numeric', amount_currency: 'numeric', amount_residual: 'numeric', amount_residual_currency: 'numeric' };

/**
 * One tax item per tax of the draft's product lines (a line's first tax), the sum of their tax amounts, the last
 * cent of the document's rounding on the largest; sales taxes on "Tax Received", purchase taxes on "Tax Paid".
 * Items are kept (updated in place) while their tax stays, created and removed as taxes come and go.
 */
async function syncTaxItems(env: Env, moves: Array<{ id: number; sign: number; rate: number; dp: number }>): Promise<void> {
  if (moves.length === 0) return;
  const r = await env.tx.query(
    `SELECT l.move_id, l.tax_ids[1] AS tax, sum(l.price_tax)::float8 AS amount, t.name, t.type_tax_use, m.amount_tax::float8 AS doc_tax,
            m.currency_id, m.partner_id, cur.decimal_places AS cdp
     FROM account_move_line l JOIN account_tax t ON t.id = l.tax_ids[1] JOIN account_move m ON m.id = l.move_id JOIN res_currency cur ON cur.id = m.currency_id
     WHERE l.move_id = ANY($1) AND l.display_type = 'product' AND cardinality(l.tax_ids) > 0
     GROUP BY l.move_id, l.tax_ids[1], t.name, t.type_tax_use, m.amount_tax, m.currency_id, m.partner_id, cur.decimal_places ORDER BY l.move_id, l.tax_ids[1]`,
    [moves.map((m) => m.id)]);
  const existing = await env.tx.query(`SELECT id, move_id, tax_line_id FROM account_move_line WHERE move_id = ANY($1) AND display_type = 'tax'`, [moves.map((m) => m.id)]);
  const byKey = new Map(existing.rows.map((x) => [`${x.move_id as number}|${x.tax_line_id as number}`, x.id as number]));
  const info = new Map(moves.map((m) => [m.id, m]));
  // the document's tax (rounded globally or per line) may differ by a cent from the lines' sum: the largest absorbs it
  const perMove = new Map<number, Array<(typeof r.rows)[number]>>();
  for (const x of r.rows) perMove.set(x.move_id as number, [...(perMove.get(x.move_id as number) ?? []), x]);
  const keep = new Set<number>();
  const updates: Array<Record<string, unknown>> = [];
  const creates: Vals[] = [];
  for (const [moveId, taxes] of perMove) {
    const m = info.get(moveId)!;
    const cdp = Number(taxes[0]!.cdp);
    const amounts = taxes.map((t) => Number(t.amount));
    const gap = Number(taxes[0]!.doc_tax) - amounts.reduce((a, b) => a + b, 0);
    const big = amounts.indexOf(Math.max(...amounts.map(Math.abs)));
    if (big >= 0) amounts[big] = amounts[big]! + gap;
    taxes.forEach((t, i) => {
      const amountCurrency = Number((-m.sign * amounts[i]!).toFixed(cdp));
      const balance = Number((amountCurrency / m.rate).toFixed(m.dp));
      const vals = { balance, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), amount_currency: amountCurrency, amount_residual: 0, amount_residual_currency: 0 };
      const id = byKey.get(`${moveId}|${t.tax as number}`);
      if (id) { keep.add(id); updates.push({ id, ...vals }); return; }
      creates.push({
        move_id: moveId, display_type: 'tax', tax_line_id: t.tax as number, name: t.name as string, currency_id: t.currency_id as number,
        partner_id: (t.partner_id as number | null) ?? false, account_id: t.type_tax_use === 'purchase' ? CHART.taxPaid : CHART.taxReceived,
        quantity: 0, price_unit: 0, tax_ids: [], sequence: 9_000, ...vals,
      });
    });
  }
  const gone = existing.rows.map((x) => x.id as number).filter((id) => !keep.has(id));
  if (gone.length) await env.tx.query('DELETE FROM account_move_line WHERE id = ANY($1)', [gone]);
  await updateRows(env.tx, 'account_move_line', NUM, updates);
  if (creates.length) await createRecords(env, getModel(env, 'account.move.line'), creates);
}
