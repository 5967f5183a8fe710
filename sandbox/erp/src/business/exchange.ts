/**
 * Exchange differences, as Odoo 19 posts them when reconciliation settles items in their foreign currency but not in
 * the company's (an EUR invoice booked at 0.9 paid by EUR at 0.95): one entry in the company's "Exchange
 * Difference" journal (EXCH, numbered EXCH/2026/12/0001), dated the latest of the items' dates, with per item the
 * opposite of its company residual on its account (currency amount 0) and the counterpart on "Foreign Exchange
 * Loss" (641000) or "Foreign Exchange Gain" (441000); each item is matched with its exchange item, which closes it.
 */
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env } from '../orm/types.ts';
import { CHART, EXCHANGE_JOURNAL } from '../seed/chart.ts';
import { postMoves } from './invoicing.ts';
import { refreshItems } from './reconcile.ts';

const LABEL = 'Currency exchange rate difference';

/** Posts the exchange entry for the items and matches them; answers the exchange items (to refresh with the rest). */
export async function postExchangeDifferences(env: Env, items: Array<{ lineId: number; residual: number }>): Promise<number[]> {
  if (items.length === 0) return [];
  const r = await env.tx.query(
    `SELECT l.id, l.account_id, l.partner_id, l.currency_id, m.date::text AS day, m.company_id
     FROM account_move_line l JOIN account_move m ON m.id = l.move_id WHERE l.id = ANY($1) ORDER BY l.id`, [items.map((x) => x.lineId)]);
  const day = (await env.tx.query(
    `SELECT max(m.date)::text AS d FROM account_move_line l JOIN account_move m ON m.id = l.move_id
     WHERE l.id = ANY($1) OR l.id IN (SELECT CASE WHEN p.debit_move_id = l2.id THEN p.credit_move_id ELSE p.debit_move_id END
       FROM account_partial_reconcile p JOIN account_move_line l2 ON l2.id IN (p.debit_move_id, p.credit_move_id) WHERE l2.id = ANY($1))`,
    [items.map((x) => x.lineId)])).rows[0].d as string;
  const byId = new Map(r.rows.map((x) => [x.id as number, x]));
  const [moveId] = await createRecords(env, getModel(env, 'account.move'), [{ move_type: 'entry', journal_id: EXCHANGE_JOURNAL, date: day }]);
  const vals = items.flatMap(({ lineId, residual }) => {
    const l = byId.get(lineId)!;
    const common = { move_id: moveId!, partner_id: (l.partner_id as number | null) ?? false, name: LABEL, currency_id: l.currency_id as number, amount_currency: 0 };
    return [
      { ...common, account_id: l.account_id as number, balance: -residual },
      // a receivable worth less than booked is a loss (debit), worth more a gain (credit)
      { ...common, account_id: residual > 0 ? CHART.fxLoss : CHART.fxGain, balance: residual },
    ];
  });
  const created = await createRecords(env, getModel(env, 'account.move.line'), vals);
  await postMoves(env, [moveId!]);
  const exchangeItems = created.filter((_, i) => i % 2 === 0);
  for (const [i, { lineId, residual }] of items.entries()) {
    const [debit, credit] = residual > 0 ? [lineId, exchangeItems[i]!] : [exchangeItems[i]!, lineId];
    await env.tx.query(
      `INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency, credit_amount_currency, exchange_move_id,
         create_date, write_date, create_uid, write_uid)
       VALUES ($1, $2, $3, 0, 0, $4, sandbox_now(), sandbox_now(), $5, $5)`, [debit, credit, Math.abs(residual), moveId, env.uid]);
  }
  await env.tx.query('UPDATE account_move_line SET amount_residual = 0, amount_residual_currency = 0 WHERE id = ANY($1)', [exchangeItems]);
  return exchangeItems;
}

/**
 * Undoing a reconciliation that had an exchange difference (Odoo's partial unlink): each exchange entry is reversed
 * by a posted entry in the same journal, "Reversal of: EXCH/...", matched item by item with it, so the ledger is
 * back where it was and the original items owe their company amounts again.
 */
export async function reverseExchangeMoves(env: Env, moveIds: number[]): Promise<void> {
  for (const moveId of moveIds) {
    const m = (await env.tx.query('SELECT name, journal_id, date::text AS day FROM account_move WHERE id = $1', [moveId])).rows[0];
    const items = await env.tx.query(
      `SELECT l.id, l.account_id, l.partner_id, l.name, l.currency_id, l.balance::float8 AS balance, a.reconcile
       FROM account_move_line l JOIN account_account a ON a.id = l.account_id WHERE l.move_id = $1 ORDER BY l.id`, [moveId]);
    const [reversal] = await createRecords(env, getModel(env, 'account.move'), [{
      move_type: 'entry', journal_id: m.journal_id as number, date: m.day as string, ref: `Reversal of: ${m.name as string}`, reversed_entry_id: moveId,
    }]);
    const created = await createRecords(env, getModel(env, 'account.move.line'), items.rows.map((l) => ({
      move_id: reversal!, account_id: l.account_id as number, partner_id: (l.partner_id as number | null) ?? false, name: (l.name as string | null) ?? false,
      currency_id: l.currency_id as number, amount_currency: 0, balance: -Number(l.balance),
    })));
    await postMoves(env, [reversal!]);
    const matched: number[] = [];
    for (const [i, l] of items.rows.entries()) {
      // only items of reconcilable accounts are matched (the loss / gain items stay as booked)
      if (!l.reconcile) continue;
      matched.push(l.id as number, created[i]!);
      const [debit, credit] = Number(l.balance) > 0 ? [l.id as number, created[i]!] : [created[i]!, l.id as number];
      await env.tx.query(
        `INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency, credit_amount_currency, create_date, write_date, create_uid, write_uid)
         VALUES ($1, $2, $3, 0, 0, sandbox_now(), sandbox_now(), $4, $4)`, [debit, credit, Math.abs(Number(l.balance)), env.uid]);
    }
    await refreshItems(env, matched);
  }
}
