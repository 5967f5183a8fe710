/**
 * Reconciliation as Odoo 19 keeps it: matching two journal items of one account writes an
 * `account.partial.reconcile` (the amount taken from the debit and the credit); an item's `amount_residual` is its
 * balance less its partials; when everything a reconcile call touched is settled it shares one
 * `account.full.reconcile`. `matching_number` shows the group: "P<lowest partial id>" while open, "<full id>" once
 * full. An invoice's `amount_residual` and `payment_state` follow from its receivable items.
 */
import { updateRows } from '../db/bulk.ts';
import { userError } from '../orm/errors.ts';
import { postExchangeDifferences, reverseExchangeMoves } from './exchange.ts';
import type { Env } from '../orm/types.ts';

const ZERO = 0.005;

/**
 * Odoo's `account.move.line.reconcile()`: matches the debits with the credits, oldest first, as far as they go. Two
 * items in one foreign currency are matched in that currency, each side valued at its own rate (the partial takes
 * the smaller company amount); items of different currencies are matched in the company currency. An item whose
 * currency amount is settled but whose company amount is not (the rate moved between invoice and payment) gets an
 * exchange difference entry (exchange.ts), which closes it.
 */
export async function reconcileLines(env: Env, lineIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT l.id, l.account_id, l.partner_id, l.amount_residual::float8 AS res, l.amount_residual_currency::float8 AS res_cur, m.state, l.currency_id,
            c.currency_id AS company_currency
     FROM account_move_line l JOIN account_move m ON m.id = l.move_id JOIN res_company c ON c.id = m.company_id
     WHERE l.id = ANY($1) ORDER BY m.date, l.id FOR UPDATE OF l`, [lineIds]);
  if (r.rows.some((x) => x.state !== 'posted')) throw userError('You can only reconcile posted entries.');
  if (new Set(r.rows.map((x) => x.account_id)).size > 1) throw userError('Entries are not from the same account.');
  // Odoo's _prepare_reconciliation_plan: items of several partners are sorted by partner (stable: by date within
  // one partner; no partner first), so a call over several partners matches each partner's items among themselves
  // as far as their totals meet. The partner is not checked: one account is all a group needs.
  const rows = new Set(r.rows.map((x) => x.partner_id)).size > 1
    ? [...r.rows].sort((a, b) => ((a.partner_id as number | null) ?? 0) - ((b.partner_id as number | null) ?? 0)) : r.rows;
  const open = rows.map((x) => ({
    id: x.id as number, res: Number(x.res), cur: Number(x.res_cur), currency: (x.currency_id as number | null) ?? (x.company_currency as number),
    foreign: x.currency_id !== null && x.currency_id !== x.company_currency,
  }));
  type Item = (typeof open)[number];
  const settled = (x: Item, inCurrency: boolean) => (inCurrency ? Math.abs(x.cur) <= ZERO : Math.abs(x.res) <= ZERO);
  const debits = open.filter((x) => x.res > ZERO || (x.foreign && x.cur > ZERO));
  const credits = open.filter((x) => x.res < -ZERO || (x.foreign && x.cur < -ZERO));
  while (debits.length && credits.length) {
    const d = debits[0]!;
    const c = credits[0]!;
    const inCurrency = d.foreign && c.foreign && d.currency === c.currency;
    let amount: number; let debitCur: number; let creditCur: number;
    if (inCurrency) {
      debitCur = creditCur = round2(Math.min(d.cur, -c.cur));
      // each side's company value of that currency amount, at the side's own rate (what is left of it)
      amount = Math.max(0, Math.min(valueOf(d.res, d.cur, debitCur), valueOf(-c.res, -c.cur, creditCur)));
    } else {
      amount = round2(Math.min(d.res, -c.res));
      debitCur = valueOf(d.cur, d.res, amount);
      creditCur = valueOf(-c.cur, -c.res, amount);
    }
    await env.tx.query(
      `INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency, credit_amount_currency, create_date, write_date, create_uid, write_uid)
       VALUES ($1, $2, $3, $4, $5, sandbox_now(), sandbox_now(), $6, $6)`, [d.id, c.id, amount, debitCur, creditCur, env.uid]);
    d.res = round2(d.res - amount); c.res = round2(c.res + amount);
    d.cur = round2(d.cur - debitCur); c.cur = round2(c.cur + creditCur);
    if (settled(d, inCurrency)) debits.shift();
    if (settled(c, inCurrency)) credits.shift();
  }
  // foreign items settled in their currency with company amount left: the exchange difference closes them
  const diffs = open.filter((x) => x.foreign && Math.abs(x.cur) <= ZERO && Math.abs(x.res) > ZERO);
  const extra = await postExchangeDifferences(env, diffs.map((x) => ({ lineId: x.id, residual: x.res })));
  await refreshItems(env, [...lineIds, ...extra], 'call');
}

/** The part of `total` (another measure of the same item) that `part` of `whole` stands for, rounded to cents. */
function valueOf(total: number, whole: number, part: number): number {
  if (Math.abs(whole) <= ZERO) return round2(Math.min(Math.abs(total), Math.abs(part)) * Math.sign(part || 1));
  return round2((total * part) / whole);
}

/**
 * Recomputes residuals, `reconciled`, full reconciles and matching numbers of the items' groups, then their moves.
 * `full`: 'call' is Odoo's `_reconcile_plan` after a reconcile call: ONE full reconcile for everything the call's
 * items are connected to, made only when every one of them is settled (a call leaving one item open makes none, its
 * settled items keep a "P" number); 'groups' (after an unreconcile, an exchange reversal, a posting) closes each
 * connected group that is settled.
 */
export async function refreshItems(env: Env, lineIds: number[], full: 'call' | 'groups' = 'groups'): Promise<void> {
  const g = await env.tx.query(
    `WITH RECURSIVE g(id) AS (SELECT unnest($1::int[]) UNION
       SELECT CASE WHEN p.debit_move_id = g.id THEN p.credit_move_id ELSE p.debit_move_id END
       FROM account_partial_reconcile p JOIN g ON g.id IN (p.debit_move_id, p.credit_move_id))
     SELECT id FROM g`, [lineIds]);
  const ids = g.rows.map((x) => x.id as number);
  await env.tx.query(
    `UPDATE account_move_line l SET
       amount_residual = l.balance - coalesce((SELECT sum(p.amount) FROM account_partial_reconcile p WHERE p.debit_move_id = l.id), 0)
         + coalesce((SELECT sum(p.amount) FROM account_partial_reconcile p WHERE p.credit_move_id = l.id), 0),
       amount_residual_currency = l.amount_currency - sign(l.amount_currency) * (
         coalesce((SELECT sum(p.debit_amount_currency) FROM account_partial_reconcile p WHERE p.debit_move_id = l.id), 0)
         + coalesce((SELECT sum(p.credit_amount_currency) FROM account_partial_reconcile p WHERE p.credit_move_id = l.id), 0)),
       write_date = sandbox_now()
     WHERE l.id = ANY($1)`, [ids]);
  const lines = await env.tx.query(
    `SELECT id, move_id, amount_residual::float8 AS res, full_reconcile_id FROM account_move_line WHERE id = ANY($1)`, [ids]);
  const partials = await env.tx.query(
    `SELECT id, debit_move_id AS d, credit_move_id AS c FROM account_partial_reconcile WHERE debit_move_id = ANY($1) OR credit_move_id = ANY($1) ORDER BY id`, [ids]);
  const updates: Array<Record<string, unknown>> = [];
  const all = groups(lines.rows.map((l) => l.id as number), partials.rows as Array<{ id: number; d: number; c: number }>);
  const membersOf = (group: (typeof all)[number]) => lines.rows.filter((l) => group.lines.has(l.id as number));
  const isSettled = (group: (typeof all)[number]) => group.partials.length > 0 && membersOf(group).every((l) => Math.abs(Number(l.res)) < ZERO);
  const callFull = full === 'call' && all.every(isSettled)
    ? ((lines.rows.find((l) => l.full_reconcile_id)?.full_reconcile_id as number | undefined) ?? await newFullReconcile(env)) : null;
  for (const group of all) {
    const members = membersOf(group);
    const existing = (members.find((l) => l.full_reconcile_id)?.full_reconcile_id as number | undefined) ?? null;
    let id: number | null = null;
    if (full === 'call') id = callFull ?? (isSettled(group) ? existing : null);
    else if (isSettled(group)) id = existing ?? await newFullReconcile(env);
    if (id !== null) {
      await env.tx.query('UPDATE account_partial_reconcile SET full_reconcile_id = $1 WHERE id = ANY($2)', [id, group.partials]);
      // The exchange difference entry that closed the group (exchange.ts) is the full reconcile's, as Odoo 19 links it.
      await env.tx.query(
        `UPDATE account_full_reconcile f SET exchange_move_id = x.move FROM (SELECT max(exchange_move_id) AS move FROM account_partial_reconcile WHERE id = ANY($2)) x
         WHERE f.id = $1 AND x.move IS NOT NULL AND f.exchange_move_id IS DISTINCT FROM x.move`, [id, group.partials]);
    }
    const matching = id !== null ? String(id) : group.partials.length ? `P${Math.min(...group.partials)}` : null;
    for (const l of members) {
      updates.push({ id: l.id, full_reconcile_id: id, matching_number: matching, reconciled: Math.abs(Number(l.res)) < ZERO && group.partials.length > 0 });
    }
  }
  await updateRows(env.tx, 'account_move_line', { full_reconcile_id: 'int', matching_number: 'text', reconciled: 'boolean' }, updates);
  await refreshPaymentStates(env, [...new Set(lines.rows.map((l) => l.move_id as number))]);
}

async function newFullReconcile(env: Env): Promise<number> {
  const r = await env.tx.query(
    `INSERT INTO account_full_reconcile (create_date, write_date, create_uid, write_uid) VALUES (sandbox_now(), sandbox_now(), $1, $1) RETURNING id`, [env.uid]);
  return r.rows[0].id as number;
}

/** Connected items (through partials) and the partials joining them. */
function groups(lineIds: number[], partials: Array<{ id: number; d: number; c: number }>): Array<{ lines: Set<number>; partials: number[] }> {
  const parent = new Map(lineIds.map((id) => [id, id]));
  const find = (x: number): number => (parent.get(x) === x ? x : find(parent.get(x)!));
  for (const p of partials) if (parent.has(p.d) && parent.has(p.c)) parent.set(find(p.d), find(p.c));
  const out = new Map<number, { lines: Set<number>; partials: number[] }>();
  for (const id of lineIds) {
    const root = find(id);
    if (!out.has(root)) out.set(root, { lines: new Set(), partials: [] });
    out.get(root)!.lines.add(id);
  }
  for (const p of partials) if (parent.has(p.d)) out.get(find(p.d))!.partials.push(p.id);
  return [...out.values()];
}

/**
 * `amount_residual` and `payment_state` of posted invoices, credit notes and receipts, as Odoo 19's
 * `account.move._compute_payment_state` (addons/account/models/account_move.py) decides them from the partials of
 * the move's receivable/payable items with other entries ("counterparts"):
 * - nothing left to pay: `paid` when a counterpart is a payment's entry or a bank statement line's entry (community
 *   Odoo's `_get_invoice_in_payment_state` answers `paid`, never `in_payment`: the recordings show a payment still
 *   `in_process` leaves the invoice `paid`); otherwise, from the counterparts' move types, `reversed` for an invoice
 *   or receipt settled by credit notes of its kind alone or credit notes plus journal entries, and for a credit note
 *   settled by journal entries alone; `paid` for anything else (an invoice settled by a journal entry only);
 * - something left: `partial` once any counterpart exists, else `not_paid`.
 */
export async function refreshPaymentStates(env: Env, moveIds: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT m.id, m.move_type,
            abs((SELECT coalesce(sum(r.amount_residual_currency), 0) FROM account_move_line r
                 WHERE r.move_id = m.id AND r.display_type = 'payment_term'))::float8 AS res,
            coalesce(array_agg(DISTINCT c.move_type) FILTER (WHERE c.id IS NOT NULL), '{}') AS counterpart_types,
            coalesce(bool_or(c.origin_payment_id IS NOT NULL OR c.statement_line_id IS NOT NULL), false) AS paid_by_payment
     FROM account_move m
     LEFT JOIN (account_move_line l JOIN account_account a ON a.id = l.account_id
                                    AND a.account_type IN ('asset_receivable', 'liability_payable')) ON l.move_id = m.id
     LEFT JOIN account_partial_reconcile p ON l.id IN (p.debit_move_id, p.credit_move_id)
     LEFT JOIN account_move_line o ON o.id = CASE WHEN p.debit_move_id = l.id THEN p.credit_move_id ELSE p.debit_move_id END
     LEFT JOIN account_move c ON c.id = o.move_id AND c.id <> m.id
     WHERE m.id = ANY($1) AND m.state = 'posted' AND m.move_type <> 'entry' GROUP BY m.id, m.move_type`, [moveIds]);
  await updateRows(env.tx, 'account_move', { amount_residual: 'numeric', payment_state: 'text' }, r.rows.map((m) => {
    const res = Number(m.res);
    const types = m.counterpart_types as string[];
    const state = res >= ZERO ? (types.length ? 'partial' : 'not_paid')
      : m.paid_by_payment ? 'paid' : settledByReversal(m.move_type as string, new Set(types)) ? 'reversed' : 'paid';
    return { id: m.id, amount_residual: res.toFixed(2), payment_state: state };
  }));
}

/** Odoo 19's in_reverse / out_reverse / misc_reverse: the counterparts' move types that make a settled move `reversed`. */
function settledByReversal(moveType: string, types: Set<string>): boolean {
  const only = (...allowed: string[]) => types.size === allowed.length && allowed.every((t) => types.has(t));
  if (moveType === 'out_invoice' || moveType === 'out_receipt') return only('out_refund') || only('out_refund', 'entry');
  if (moveType === 'in_invoice' || moveType === 'in_receipt') return only('in_refund') || only('in_refund', 'entry');
  if (moveType === 'out_refund' || moveType === 'in_refund') return only('entry');
  return false;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** `js_assign_outstanding_line`: the invoices' receivable items matched with the chosen outstanding item. */
export async function assignOutstandingLine(env: Env, moveIds: number[], lineId: number): Promise<void> {
  const r = await env.tx.query(
    `SELECT id FROM account_move_line WHERE move_id = ANY($1) AND display_type = 'payment_term' AND NOT reconciled ORDER BY id`, [moveIds]);
  await reconcileLines(env, [lineId, ...r.rows.map((x) => x.id as number)]);
}

/**
 * Odoo's `remove_move_reconcile`, run when a posted entry goes back to draft: its items' partials (and the full
 * reconciles they closed) are removed, so what it had settled is owed again.
 */
export async function unreconcileMoves(env: Env, moveIds: number[]): Promise<void> {
  const p = await env.tx.query(
    `DELETE FROM account_partial_reconcile p USING account_move_line l
     WHERE l.move_id = ANY($1) AND l.id IN (p.debit_move_id, p.credit_move_id)
     RETURNING p.debit_move_id AS d, p.credit_move_id AS c, p.full_reconcile_id AS f, p.exchange_move_id AS x`, [moveIds]);
  if (p.rows.length === 0) return;
  // an exchange difference posted for what is now undone is reversed (its items were closed by these partials)
  const exchange = [...new Set(p.rows.map((x) => x.x as number | null).filter((x): x is number => x !== null && !moveIds.includes(x)))];
  const fulls = [...new Set(p.rows.map((x) => x.f as number | null).filter((x): x is number => x !== null))];
  await env.tx.query('UPDATE account_partial_reconcile SET full_reconcile_id = NULL WHERE full_reconcile_id = ANY($1)', [fulls]);
  await env.tx.query('UPDATE account_move_line SET full_reconcile_id = NULL WHERE full_reconcile_id = ANY($1)', [fulls]);
  await env.tx.query('DELETE FROM account_full_reconcile WHERE id = ANY($1)', [fulls]);
  await refreshItems(env, [...new Set(p.rows.flatMap((x) => [x.d as number, x.c as number]))]);
  await reverseExchangeMoves(env, exchange);
}
