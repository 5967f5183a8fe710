/**
 * Journal entries (`move_type: entry`) as Odoo 19 keeps them: each item is given in the company currency
 * (`debit` / `credit`) or in a currency (`amount_currency` + `currency_id`, converted at the rate of the entry's
 * date: 85 EUR at 0.9 -> 94.44); an entry whose items do not add up to zero is refused at create ("The entry is not
 * balanced.", a UserError, not at posting). Totals: `amount_total` is the debit side in the entry's one currency
 * (else in the company's), `amount_total_signed` the debit side in the company currency. Invoices get
 * `amount_total_signed` from their receivable item.
 */
import { updateRows } from '../db/bulk.ts';
import { userError } from '../orm/errors.ts';
import type { Env, Vals } from '../orm/types.ts';
import { companyToCurrencyRates, dayOf } from './currency-rates.ts';

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const round = (x: number, dp: number): number => Number((Math.round((x + Number.EPSILON * Math.sign(x)) * 10 ** dp) / 10 ** dp).toFixed(dp));

/** Fills the ledger values of items created on entries (account.move.line prepareCreate): rows of other moves are left. */
export async function prepareEntryItems(env: Env, rows: Vals[]): Promise<void> {
  const moveIds = [...new Set(rows.map((r) => r.move_id).filter((x): x is number => typeof x === 'number'))];
  if (moveIds.length === 0) return;
  const m = await env.tx.query(
    `SELECT m.id, m.move_type, m.currency_id, m.company_id, m.date::text AS day, c.currency_id AS company_currency, cur.decimal_places AS dp
     FROM account_move m JOIN res_company c ON c.id = m.company_id JOIN res_currency cur ON cur.id = c.currency_id WHERE m.id = ANY($1)`, [moveIds]);
  const moves = new Map(m.rows.filter((x) => x.move_type === 'entry').map((x) => [x.id as number, x]));
  const todo = rows.filter((r) => moves.has(r.move_id as number));
  if (todo.length === 0) return;
  const curOf = (r: Vals) => num(r.currency_id) ?? (moves.get(r.move_id as number)!.currency_id as number);
  const rates = await companyToCurrencyRates(env, todo.map((r, i) => {
    const mv = moves.get(r.move_id as number)!;
    return { key: i, currencyId: curOf(r), day: dayOf(mv.day as string | null, env.now), companyId: mv.company_id as number };
  }));
  const dps = await env.tx.query('SELECT id, decimal_places AS dp FROM res_currency WHERE id = ANY($1)', [[...new Set(todo.map(curOf))]]);
  const dpOf = new Map(dps.rows.map((x) => [x.id as number, Number(x.dp)]));
  todo.forEach((r, i) => {
    const mv = moves.get(r.move_id as number)!;
    const cur = curOf(r);
    const rate = rates.get(i) ?? 1;
    const companyDp = Number(mv.dp);
    let balance: number;
    let amountCurrency: number;
    if (num(r.amount_currency) !== undefined && num(r.debit) === undefined && num(r.credit) === undefined && num(r.balance) === undefined) {
      amountCurrency = num(r.amount_currency)!;
      balance = cur === mv.company_currency ? amountCurrency : round(amountCurrency / rate, companyDp);
    } else {
      balance = num(r.balance) ?? round((num(r.debit) ?? 0) - (num(r.credit) ?? 0), companyDp);
      amountCurrency = num(r.amount_currency) ?? (cur === mv.company_currency ? balance : round(balance * rate, dpOf.get(cur) ?? 2));
    }
    Object.assign(r, {
      currency_id: cur, balance, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), amount_currency: amountCurrency,
      amount_residual: balance, amount_residual_currency: amountCurrency, display_type: r.display_type ?? 'product',
    });
  });
}

/** Odoo's `_check_balanced`: the items of each entry add up to zero in the company currency. */
export async function checkBalanced(env: Env, moveIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT 1 FROM account_move_line l JOIN account_move m ON m.id = l.move_id
     WHERE m.id = ANY($1) AND m.move_type = 'entry' GROUP BY m.id HAVING abs(sum(l.balance)) >= 0.005`, [moveIds]);
  if (r.rows.length) throw userError('The entry is not balanced.');
}

/** `amount_total` / `amount_total_signed` of entries, and `amount_total_signed` of invoices (their receivable item). */
export async function refreshEntryTotals(env: Env, moveIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT m.id, m.move_type,
       coalesce(sum(l.balance) FILTER (WHERE l.balance > 0), 0)::float8 AS debit,
       coalesce(sum(l.amount_currency) FILTER (WHERE l.balance > 0), 0)::float8 AS debit_cur,
       count(DISTINCT l.currency_id) AS currencies,
       coalesce(sum(l.balance) FILTER (WHERE l.display_type = 'payment_term'), 0)::float8 AS receivable
     FROM account_move m LEFT JOIN account_move_line l ON l.move_id = m.id WHERE m.id = ANY($1) GROUP BY m.id, m.move_type`, [moveIds]);
  const entries = r.rows.filter((x) => x.move_type === 'entry');
  await updateRows(env.tx, 'account_move', { amount_total: 'numeric', amount_untaxed: 'numeric', amount_total_signed: 'numeric', amount_residual: 'numeric' },
    entries.map((x) => {
      const total = Number(x.currencies) === 1 ? Number(x.debit_cur) : Number(x.debit);
      return { id: x.id, amount_total: String(total), amount_untaxed: String(total), amount_total_signed: String(Math.abs(Number(x.debit))), amount_residual: '0' };
    }));
  await updateRows(env.tx, 'account_move', { amount_total_signed: 'numeric' },
    r.rows.filter((x) => x.move_type !== 'entry').map((x) => ({ id: x.id, amount_total_signed: String(Number(x.receivable)) })));
}
