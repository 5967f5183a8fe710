/**
 * The reversal wizard's "Reverse and Create Invoice" (`modify_moves`): each invoice fully credited by a credit
 * note posted and matched at once (the invoice ends `reversed`), and a draft copy of it to correct and post again.
 * The copies' lines are not linked to the sales order (Odoo copies no `sale_line_ids`): the order sees the credit
 * note only, and the corrected invoice as a plain one.
 */
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Vals } from '../orm/types.ts';
import { postMoves, reverseMoves } from './invoicing.ts';

/** Credits and re-issues the invoices; answers the draft copies' ids. */
export async function modifyMoves(env: Env, moveIds: number[], reason: string | null, journalId: number, day: string | null): Promise<number[]> {
  const refunds = await reverseMoves(env, moveIds, reason, journalId, day);
  await postMoves(env, refunds);
  const moves = await env.tx.query(
    `SELECT id, move_type, partner_id, partner_shipping_id, invoice_origin, ref, currency_id, journal_id, team_id, invoice_user_id, fiscal_position_id
     FROM account_move WHERE id = ANY($1) ORDER BY id`, [moveIds]);
  const lines = await env.tx.query(
    `SELECT move_id, product_id, name, quantity::float8 AS quantity, price_unit::float8 AS price_unit, discount::float8 AS discount, tax_ids, product_uom_id
     FROM account_move_line WHERE move_id = ANY($1) AND display_type = 'product' ORDER BY move_id, sequence, id`, [moveIds]);
  const opt = (v: unknown) => (v as number | string | null) ?? false;
  const vals: Vals[] = moves.rows.map((m) => ({
    move_type: m.move_type as string, partner_id: opt(m.partner_id), partner_shipping_id: opt(m.partner_shipping_id),
    invoice_origin: opt(m.invoice_origin), ref: opt(m.ref), currency_id: m.currency_id as number, journal_id: m.journal_id as number,
    team_id: opt(m.team_id), invoice_user_id: opt(m.invoice_user_id), fiscal_position_id: opt(m.fiscal_position_id),
    date: day ?? env.now.toISOString().slice(0, 10),
    invoice_line_ids: lines.rows.filter((l) => l.move_id === m.id).map((l) => [0, 0, {
      product_id: opt(l.product_id), name: opt(l.name), quantity: Number(l.quantity), price_unit: Number(l.price_unit),
      discount: Number(l.discount), tax_ids: [[6, 0, (l.tax_ids as number[]) ?? []]], product_uom_id: opt(l.product_uom_id),
    }]),
  }));
  return createRecords(env, getModel(env, 'account.move'), vals);
}
