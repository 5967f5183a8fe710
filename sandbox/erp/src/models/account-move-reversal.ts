/** The reversal wizard (account.move.reversal): credit notes for posted invoices, in the journal the caller names. */
import { modifyMoves } from '../business/credit-notes.ts';
import { reverseMoves } from '../business/invoicing.ts';
import { date, defineModel, m2m, m2o, money, char } from '../orm/define.ts';
import type { Env, Json } from '../orm/types.ts';
import { userError } from '../orm/errors.ts';
import { activeIds } from './account.ts';

/** A field computed over the wizard's reversed entries (`move_ids`) by one SQL aggregate over them (alias `m`). */
function fromMoves(aggregate: string, convert: (v: unknown) => Json) {
  return async (env: Env, ids: number[]): Promise<Map<number, Json>> => {
    const r = await env.tx.query(
      `SELECT w.id, ${aggregate} AS v FROM account_move_reversal w LEFT JOIN account_move m ON m.id = ANY(w.move_ids)
       WHERE w.id = ANY($1) GROUP BY w.id`, [ids]);
    return new Map(r.rows.map((x) => [x.id as number, convert(x.v)]));
  };
}

export const accountMoveReversal = defineModel({
  name: 'account.move.reversal',
  description: 'Account Move Reversal',
  fields: {
    move_ids: m2m('account.move', 'Move'),
    reason: char('Reason displayed on Credit Note'),
    journal_id: m2o('account.journal', 'Journal', { required: true }),
    date: date('Reversal date', { default: (env: Env): Json => env.now.toISOString().slice(0, 10) }),
    company_id: m2o('res.company', 'Company', { default: (env: Env): Json => env.companyId }),
    new_move_ids: m2m('account.move', 'New Move', { readonly: true }),
    // Odoo's `_compute_from_moves`: what a single reversed entry still owes (0 for several), the currency when they
    // share one, the type of a single entry ('some_invoice' for several with an invoice among them; a Char field)
    residual: money('Residual', { readonly: true, compute: fromMoves('CASE WHEN count(m.id) = 1 THEN sum(m.amount_residual) ELSE 0 END::float8', (v) => Number(v)) }),
    currency_id: m2o('res.currency', 'Currency', { readonly: true, compute: fromMoves(
      `CASE WHEN count(DISTINCT m.currency_id) = 1 THEN (SELECT json_build_array(c.id, c.name) FROM res_currency c WHERE c.id = min(m.currency_id)) END`, (v) => (v as Json) ?? false) }),
    move_type: char('Move Type', { readonly: true, compute: fromMoves(
      `CASE WHEN count(m.id) = 1 THEN min(m.move_type) WHEN bool_or(m.move_type IN ('in_invoice', 'out_invoice')) THEN 'some_invoice' END`, (v) => (v as string | null) ?? false) }),
    // the journals a credit note may go to: those of the reversed entries' journal type
    available_journal_ids: m2m('account.journal', 'Available Journals', { readonly: true, compute: fromMoves(
      `(SELECT array_agg(j.id ORDER BY j.sequence, j.id) FROM account_journal j WHERE j.active AND j.type IN
         (SELECT mj.type FROM account_journal mj WHERE mj.id = ANY(array_agg(m.journal_id))))`, (v) => (v as number[] | null) ?? []) }),
  },
  async prepareCreate(env, rows) {
    // Odoo's default_get: the active moves, all posted and of one company, whatever their number.
    const active = activeIds(env, 'account.move');
    if (active.length) {
      const m = await env.tx.query('SELECT count(DISTINCT company_id)::int AS companies, bool_and(state = \'posted\') AS posted FROM account_move WHERE id = ANY($1)', [active]);
      if (m.rows[0]!.companies > 1) throw userError('All selected moves for reversal must belong to the same company.');
      if (m.rows[0]!.posted === false) throw userError('You can only reverse posted moves.');
    }
    for (const r of rows) if (r.move_ids === undefined) r.move_ids = [[6, 0, active]];
  },
  methods: {
    // "Reverse": draft credit notes, to edit (a partial quantity or price) and post
    async refund_moves(env, ids) {
      const wiz = await wizardOf(env, ids);
      if (!wiz) return false;
      const refunds = await reverseMoves(env, wiz.moves, wiz.reason, wiz.journal, wiz.date);
      return reversalAction(env, ids, refunds, 'out_refund');
    },
    // "Reverse and Create Invoice": credit notes posted and matched, draft copies of the invoices (credit-notes.ts)
    async modify_moves(env, ids) {
      const wiz = await wizardOf(env, ids);
      if (!wiz) return false;
      const copies = await modifyMoves(env, wiz.moves, wiz.reason, wiz.journal, wiz.date);
      return reversalAction(env, ids, copies, 'out_invoice');
    },
  },
});

async function wizardOf(env: Env, ids: number[]): Promise<{ moves: number[]; reason: string | null; journal: number; date: string } | null> {
  const w = await env.tx.query(`SELECT move_ids, reason, journal_id, date::text AS date FROM account_move_reversal WHERE id = ANY($1) ORDER BY id`, [ids]);
  const x = w.rows[0];
  return x ? { moves: (x.move_ids as number[]) ?? [], reason: x.reason as string | null, journal: x.journal_id as number, date: x.date as string } : null;
}

/** Keeps the new moves on the wizard (`new_move_ids`) and answers the action opening them, as Odoo does. */
async function reversalAction(env: Env, ids: number[], moves: number[], moveType: string): Promise<Json> {
  await env.tx.query('UPDATE account_move_reversal SET new_move_ids = $2, write_date = sandbox_now() WHERE id = ANY($1)', [ids, moves]);
  const action: Record<string, Json> = { name: 'Reverse Moves', type: 'ir.actions.act_window', res_model: 'account.move' };
  if (moves.length === 1) Object.assign(action, { view_mode: 'form', res_id: moves[0]! });
  else Object.assign(action, { view_mode: 'list,form', domain: [['id', 'in', moves]] });
  action.context = { default_move_type: moveType };
  return action;
}
