/**
 * Invoices from sales orders (the `sale.advance.payment.inv` wizard), posting with gapless-looking names per
 * year (INV/2026/00001, RINV/2026/00001) and credit notes by reversal, reconciled with the invoice they reverse
 * (reconcile.ts).
 */
import { nameMoves } from './move-names.ts';
import { consolidate } from './consolidated-billing.ts';
import { createRecords } from '../orm/create.ts';
import { userError } from '../orm/errors.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json, Vals } from '../orm/types.ts';
import { autoFiscalPositions } from './fiscal-position.ts';
import { touchOrders } from './picking-carrier.ts';
import { lineQtyCompute } from './sale-quantities.ts';
import { reconcileLines, refreshItems } from './reconcile.ts';

const NOTHING_TO_INVOICE = "Cannot create an invoice. No items are available to invoice.\n\nTo resolve this issue, please ensure that:\n   \u2022 The products have been delivered before attempting to invoice them.\n   \u2022 The invoicing policy of the product is configured correctly.\n\nIf you want to invoice based on ordered quantities instead:\n   \u2022 For consumable or storable products, open the product, go to the 'General Information' tab and change the 'Invoicing Policy' from 'Delivered Quantities' to 'Ordered Quantities'.\n   \u2022 For services (and other products), change the 'Invoicing Policy' to 'Prepaid/Fixed Price'.\n";

/**
 * Creates draft invoices for what is left to invoice, one per order or, `consolidated` (the wizard's default), one
 * per customer and addresses (consolidated-billing.ts); returns their ids.
 */
export async function invoiceOrders(env: Env, orderIds: number[], consolidated = false): Promise<number[]> {
  const lines = await env.tx.query(
    `SELECT l.id, l.order_id, l.product_id, l.name, l.price_unit::float8 AS price_unit, l.discount::float8 AS discount, l.tax_ids, l.product_uom_id
     FROM sale_order_line l WHERE l.order_id = ANY($1) AND l.display_type IS NULL ORDER BY l.order_id, l.sequence, l.id`, [orderIds]);
  const qty = await lineQtyCompute('toInvoice')(env, lines.rows.map((l) => l.id as number)) as Map<number, number>;
  const todo = lines.rows.filter((l) => Math.abs(qty.get(l.id as number) ?? 0) > 1e-9);
  if (todo.length === 0) throw userError(NOTHING_TO_INVOICE);
  const orders = await env.tx.query(
    `SELECT id, name, client_order_ref, partner_invoice_id, partner_shipping_id, currency_id, team_id, user_id, fiscal_position_id
     FROM sale_order WHERE id = ANY($1) ORDER BY id`, [[...new Set(todo.map((l) => l.order_id as number))]]);
  if (consolidated) consolidate(orders.rows, todo);
  // the invoice takes the order's fiscal position; an order without one gets the one detected for the invoice address
  const detected = await autoFiscalPositions(env, orders.rows.map((o) => ({ partner: o.partner_invoice_id as number, delivery: null })));
  const vals: Vals[] = orders.rows.map((o, i) => ({
    fiscal_position_id: (o.fiscal_position_id as number | null) ?? detected[i]!,
    move_type: 'out_invoice', partner_id: o.partner_invoice_id as number, partner_shipping_id: (o.partner_shipping_id as number | null) ?? false,
    invoice_origin: o.name as string, ref: (o.client_order_ref as string | null) ?? false, currency_id: o.currency_id as number,
    team_id: (o.team_id as number | null) ?? false, invoice_user_id: (o.user_id as number | null) ?? false, journal_id: 1,
    invoice_line_ids: todo.filter((l) => l.order_id === o.id).map((l) => [0, 0, {
      product_id: (l.product_id as number | null) ?? false, name: l.name as string, quantity: qty.get(l.id as number)!,
      price_unit: Number(l.price_unit), discount: Number(l.discount), tax_ids: [[6, 0, (l.tax_ids as number[]) ?? []]],
      product_uom_id: (l.product_uom_id as number | null) ?? false, sale_line_ids: [[6, 0, [l.id as number]]],
    }]),
  }));
  const moves = await createRecords(env, getModel(env, 'account.move'), vals);
  // their invoiced quantities and invoice status moved (cancelled orders, skipped, are not touched)
  await touchOrders(env, orders.rows.map((o) => o.id as number));
  return moves;
}

/**
 * The window action Odoo answers `create_invoices` with (the new invoice opened in a form when there is one); the
 * customer defaults are in its context only when the wizard was on one order (`partnerId` undefined otherwise).
 */
export function invoicesAction(moveIds: number[], partnerId: number | null | undefined): Json {
  const base: Record<string, Json> = {
    id: 261, display_name: 'Invoices', name: 'Invoices', type: 'ir.actions.act_window', xml_id: 'account.action_move_out_invoice_type',
    path: 'invoicing',
    help: '<p class="o_view_nocontent_smiling_face">\n                Create a customer invoice\n              </p><p>\n                Create invoices, register payments and keep track of the discussions with your customers.\n              </p>\n            ',
    binding_model_id: false, binding_type: 'action', binding_view_types: 'list,form', view_id: [736, 'account.out.invoice.list'],
    domain: "[('move_type', 'in', ['out_invoice', 'out_refund', 'out_receipt'])]",
    context: partnerId === undefined ? { default_move_type: 'out_invoice' }
      : { default_move_type: 'out_invoice', default_partner_id: partnerId, default_partner_shipping_id: partnerId, default_invoice_payment_term_id: null },
  };
  if (moveIds.length === 1) {
    Object.assign(base, { res_id: moveIds[0]!, res_model: 'account.move', target: 'current', view_mode: 'list,kanban,form,activity', mobile_view_mode: 'kanban', views: [[742, 'form'], [736, 'list'], [false, 'kanban'], [false, 'activity']] });
  } else {
    Object.assign(base, { domain: [['id', 'in', moveIds]], res_model: 'account.move', target: 'current', view_mode: 'list,kanban,form,activity', mobile_view_mode: 'kanban', views: [[736, 'list'], [742, 'form'], [false, 'kanban'], [false, 'activity']] });
  }
  Object.assign(base, { limit: 80, group_ids: [], search_view_id: [745, 'account.invoice.select'], embedded_action_ids: [], filter: false, cache: true });
  return base;
}

/**
 * Posts draft moves: names from the year's sequence (kept when posted before), the receivable item's residual set,
 * and a credit note made by reversal matched with the invoice it reverses at once (while that one still owes).
 */
export async function postMoves(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT m.id, m.move_type, m.reversed_entry_id, m.invoice_date, m.amount_total::float8 AS total, cur.rounding::float8 AS rounding
     FROM account_move m JOIN res_currency cur ON cur.id = m.currency_id WHERE m.id = ANY($1) AND m.state = 'draft' ORDER BY m.id FOR UPDATE OF m`, [ids]);
  // Odoo 19's `_post` (no recording has a vendor bill: its documented checks, in its words): a bill or vendor refund
  // needs its bill date (a customer invoice gets today's), and no invoice or bill may total less than zero.
  for (const m of r.rows) {
    const kind = m.move_type as string;
    if ((kind === 'in_invoice' || kind === 'in_refund' || kind === 'in_receipt') && !m.invoice_date) throw userError('The Bill/Refund date is required to validate this document.');
    if (kind !== 'entry' && Number(m.total) < -Number(m.rounding) / 2) {
      throw userError('You cannot validate an invoice with a negative total amount. You should create a credit note instead. '
        + 'Use the action menu to transform it into a credit note or refund.');
    }
  }
  await nameMoves(env, r.rows.map((m) => m.id as number));
  await env.tx.query(
    `UPDATE account_move SET state = 'posted', invoice_date = CASE WHEN move_type = 'entry' THEN invoice_date ELSE coalesce(invoice_date, sandbox_now()::date) END,
       amount_residual = CASE WHEN move_type = 'entry' THEN amount_residual ELSE amount_total END,
       payment_state = 'not_paid', write_date = sandbox_now() WHERE id = ANY($1)`, [r.rows.map((m) => m.id as number)]);
  const posted = r.rows.map((m) => m.id as number);
  // the receivable item is labelled at posting: "ref - number" on an invoice, nothing on a credit note
  await env.tx.query(
    `UPDATE account_move_line l SET name = CASE WHEN m.move_type = 'out_invoice' THEN coalesce(nullif(m.ref, '') || ' - ', '') || m.name END,
       amount_residual = l.balance, amount_residual_currency = l.amount_currency, write_date = sandbox_now()
     FROM account_move m WHERE m.id = l.move_id AND l.display_type = 'payment_term' AND m.id = ANY($1)`, [posted]);
  const items = await env.tx.query(`SELECT id FROM account_move_line WHERE move_id = ANY($1) AND display_type = 'payment_term'`, [posted]);
  await refreshItems(env, items.rows.map((x) => x.id as number));
  for (const m of r.rows.filter((x) => x.reversed_entry_id)) {
    // the credit note pays (part of) the invoice it reverses, if that one still owes anything
    const pair = await env.tx.query(
      `SELECT l.id FROM account_move_line l WHERE l.move_id IN ($1, $2) AND l.display_type = 'payment_term' AND NOT l.reconciled
         AND (SELECT state FROM account_move WHERE id = $2) = 'posted' ORDER BY l.id`, [m.id, m.reversed_entry_id]);
    if (pair.rows.length >= 2) await reconcileLines(env, pair.rows.map((x) => x.id as number));
  }
}

/** Draft credit notes reversing the given invoices (the reversal wizard's `refund_moves`). */
export async function reverseMoves(env: Env, moveIds: number[], reason: string | null, journalId: number, day: string | null): Promise<number[]> {
  const moves = await env.tx.query(
    `SELECT id, name, partner_id, partner_shipping_id, invoice_origin, currency_id, team_id, invoice_user_id, fiscal_position_id FROM account_move WHERE id = ANY($1) ORDER BY id`, [moveIds]);
  const lines = await env.tx.query(
    `SELECT move_id, product_id, name, quantity::float8 AS quantity, price_unit::float8 AS price_unit, discount::float8 AS discount, tax_ids, product_uom_id, sale_line_ids
     FROM account_move_line WHERE move_id = ANY($1) AND display_type = 'product' ORDER BY id`, [moveIds]);
  const vals: Vals[] = moves.rows.map((m) => ({
    move_type: 'out_refund', partner_id: m.partner_id as number, partner_shipping_id: (m.partner_shipping_id as number | null) ?? false,
    ref: reason ? `Reversal of: ${m.name as string}, ${reason}` : `Reversal of: ${m.name as string}`,
    fiscal_position_id: (m.fiscal_position_id as number | null) ?? false,
    reversed_entry_id: m.id as number, invoice_origin: (m.invoice_origin as string | null) ?? false, currency_id: m.currency_id as number,
    journal_id: journalId, invoice_date: day ?? env.now.toISOString().slice(0, 10), date: day ?? env.now.toISOString().slice(0, 10), team_id: (m.team_id as number | null) ?? false, invoice_user_id: (m.invoice_user_id as number | null) ?? false,
    invoice_line_ids: lines.rows.filter((l) => l.move_id === m.id).map((l) => [0, 0, {
      product_id: (l.product_id as number | null) ?? false, name: (l.name as string | null) ?? false, quantity: Number(l.quantity),
      price_unit: Number(l.price_unit), discount: Number(l.discount), tax_ids: [[6, 0, (l.tax_ids as number[]) ?? []]],
      product_uom_id: (l.product_uom_id as number | null) ?? false, sale_line_ids: [[6, 0, (l.sale_line_ids as number[]) ?? []]],
    }]),
  }));
  const refunds = await createRecords(env, getModel(env, 'account.move'), vals);
  // the orders invoiced by these lines see their invoiced quantities go back
  const saleLines = [...new Set(lines.rows.flatMap((l) => (l.sale_line_ids as number[] | null) ?? []))];
  const orders = await env.tx.query('SELECT DISTINCT order_id FROM sale_order_line WHERE id = ANY($1)', [saleLines]);
  await touchOrders(env, orders.rows.map((o) => o.order_id as number));
  return refunds;
}
