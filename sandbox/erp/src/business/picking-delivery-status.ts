/**
 * sale_stock's order-level figures Odoo stores on `sale.order`: `delivery_status` from the order's transfers, and
 * the invoiced / still-to-invoice amounts (tax included) from its posted invoices. Each is one SQL expression over
 * the order alias, so `read`, domains and `order` share it.
 */
import type { Env, Json } from '../orm/types.ts';

/**
 * Odoo 19's `_compute_delivery_status`: false without transfers (or all cancelled), `full` when all are done or
 * cancelled, `partial` when one is done and something was delivered, `started` when one is done, else `pending`.
 */
export function deliveryStatusSql(o: string): string {
  const picks = `FROM stock_picking sp WHERE sp.sale_id = ${o}.id`;
  return `(CASE
    WHEN NOT EXISTS (SELECT 1 ${picks} AND sp.state <> 'cancel') THEN NULL
    WHEN NOT EXISTS (SELECT 1 ${picks} AND sp.state NOT IN ('done', 'cancel')) THEN 'full'
    WHEN EXISTS (SELECT 1 ${picks} AND sp.state = 'done') AND EXISTS (
      SELECT 1 FROM stock_move sm JOIN stock_location sl ON sl.id = sm.location_dest_id JOIN sale_order_line l ON l.id = sm.sale_line_id
      WHERE l.order_id = ${o}.id AND sm.state = 'done' AND sl.usage = 'customer' AND sm.quantity > 0) THEN 'partial'
    WHEN EXISTS (SELECT 1 ${picks} AND sp.state = 'done') THEN 'started'
    ELSE 'pending' END)`;
}

/** Amount invoiced (tax included) of order `o`: its lines on posted invoices, credit notes counting back. */
export function amountInvoicedSql(o: string): string {
  return `(coalesce((SELECT sum(CASE WHEN am.move_type = 'out_refund' THEN -al.price_total ELSE al.price_total END)
    FROM account_move_line al JOIN account_move am ON am.id = al.move_id
    WHERE am.state = 'posted' AND al.sale_line_ids && ARRAY(SELECT l.id FROM sale_order_line l WHERE l.order_id = ${o}.id)), 0)::numeric)`;
}

/** Amount still to invoice of order `o`: its total less what is invoiced, once confirmed (0 otherwise). */
export function amountToInvoiceSql(o: string): string {
  return `(CASE WHEN ${o}.state = 'sale' THEN greatest(${o}.amount_total - ${amountInvoicedSql(o)}, 0) ELSE 0 END)`;
}

/** A computed order field read through its SQL expression (one query for all ids). */
export function orderSqlCompute(sql: (o: string) => string, empty: Json, numeric = false) {
  return async (env: Env, ids: number[]): Promise<Map<number, Json>> => {
    const r = await env.tx.query(`SELECT o.id, ${sql('o')} AS v FROM sale_order o WHERE o.id = ANY($1)`, [ids]);
    const got = new Map(r.rows.map((x) => [x.id as number, x.v === null ? empty : numeric ? Number(x.v) : (x.v as Json)]));
    return new Map(ids.map((id) => [id, got.get(id) ?? empty]));
  };
}
