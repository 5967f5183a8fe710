/**
 * Delivered / invoiced / to-invoice quantities of sales order lines, and the invoice status they give, computed
 * from done moves (returns to refund count back) and from non-cancelled invoice lines (credit notes count back).
 */
import type { Env, Json } from '../orm/types.ts';

export interface LineQty {
  delivered: number;
  invoiced: number;
  toInvoice: number;
  status: 'no' | 'to invoice' | 'invoiced';
  orderId: number;
}

/** The quantities of the lines, one query. */
export async function lineQuantities(env: Env, lineIds: number[]): Promise<Map<number, LineQty>> {
  const r = await env.tx.query(
    `SELECT l.id, l.order_id, l.product_uom_qty::float8 AS qty, o.state, p.invoice_policy, p.type, l.display_type,
       coalesce((SELECT sum(CASE WHEN ld.usage = 'customer' THEN m.quantity WHEN ls.usage = 'customer' AND m.to_refund THEN -m.quantity ELSE 0 END)
                 FROM stock_move m JOIN stock_location ls ON ls.id = m.location_id JOIN stock_location ld ON ld.id = m.location_dest_id
                 WHERE m.sale_line_id = l.id AND m.state = 'done'), 0)::float8 AS delivered,
       coalesce((SELECT sum(CASE WHEN am.move_type = 'out_refund' THEN -al.quantity ELSE al.quantity END)
                 FROM account_move_line al JOIN account_move am ON am.id = al.move_id
                 WHERE al.sale_line_ids @> ARRAY[l.id] AND am.state <> 'cancel'), 0)::float8 AS invoiced
     FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id LEFT JOIN product_product p ON p.id = l.product_id
     WHERE l.id = ANY($1)`, [lineIds]);
  const out = new Map<number, LineQty>();
  for (const x of r.rows) {
    const qty = Number(x.qty);
    const delivered = x.type === 'service' ? 0 : Number(x.delivered);
    const invoiced = Number(x.invoiced);
    let toInvoice = 0;
    if (x.state === 'sale' && !x.display_type) toInvoice = (x.invoice_policy === 'delivery' ? delivered : qty) - invoiced;
    const status = x.display_type || x.state !== 'sale' ? 'no' : Math.abs(toInvoice) > 1e-9 ? 'to invoice' : invoiced >= qty - 1e-9 ? 'invoiced' : 'no';
    out.set(x.id as number, { delivered, invoiced, toInvoice, status, orderId: x.order_id as number });
  }
  return out;
}

/** A computed line field over `lineQuantities`. */
export function lineQtyCompute(key: 'delivered' | 'invoiced' | 'toInvoice' | 'status') {
  return async (env: Env, ids: number[]): Promise<Map<number, Json>> => {
    const q = await lineQuantities(env, ids);
    return new Map(ids.map((id) => [id, q.get(id)?.[key] ?? 0]));
  };
}

/** Order-level invoice status: to invoice if a line is, invoiced when every line is, else nothing to invoice. */
export async function orderInvoiceStatus(env: Env, orderIds: number[]): Promise<Map<number, Json>> {
  const l = await env.tx.query(`SELECT id, order_id FROM sale_order_line WHERE order_id = ANY($1) AND display_type IS NULL`, [orderIds]);
  const q = await lineQuantities(env, l.rows.map((x) => x.id as number));
  const out = new Map<number, Json>();
  for (const id of orderIds) {
    const mine = [...q.values()].filter((x) => x.orderId === id);
    out.set(id, mine.some((x) => x.status === 'to invoice') ? 'to invoice'
      : mine.length > 0 && mine.every((x) => x.status === 'invoiced') ? 'invoiced' : 'no');
  }
  return out;
}
