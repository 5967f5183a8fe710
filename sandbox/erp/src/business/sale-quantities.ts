/**
 * Delivered / invoiced / to-invoice quantities of sales order lines, and the invoice status they give, computed
 * from done moves (returns to refund count back) and from non-cancelled invoice lines (credit notes count back).
 * Odoo stores these fields, so they are searchable and sortable: each is one SQL expression over the line (or
 * order) alias, used alike by `read` and by domains and orders.
 */
import type { Env, Json } from '../orm/types.ts';

const EPS = '1e-9';

/** Delivered quantity of line `l` (services deliver nothing). */
export function deliveredSql(l: string): string {
  return `(CASE WHEN (SELECT p.type FROM product_product p WHERE p.id = ${l}.product_id) = 'service' THEN 0::float8 ELSE
    coalesce((SELECT sum(CASE WHEN ld.usage = 'customer' THEN m.quantity WHEN ls.usage = 'customer' AND m.to_refund THEN -m.quantity ELSE 0 END)
              FROM stock_move m JOIN stock_location ls ON ls.id = m.location_id JOIN stock_location ld ON ld.id = m.location_dest_id
              WHERE m.sale_line_id = ${l}.id AND m.state = 'done'), 0)::float8 END)`;
}

/** Invoiced quantity of line `l` (credit notes count back, cancelled invoices not at all). */
export function invoicedSql(l: string): string {
  return `(coalesce((SELECT sum(CASE WHEN am.move_type = 'out_refund' THEN -al.quantity ELSE al.quantity END)
    FROM account_move_line al JOIN account_move am ON am.id = al.move_id
    WHERE al.sale_line_ids @> ARRAY[${l}.id] AND am.state <> 'cancel'), 0)::float8)`;
}

const confirmedLine = (l: string) =>
  `(${l}.display_type IS NULL AND (SELECT o.state FROM sale_order o WHERE o.id = ${l}.order_id) = 'sale')`;

/** Quantity still to invoice: ordered (or delivered, by the product's policy) minus invoiced; 0 unless confirmed. */
export function toInvoiceSql(l: string): string {
  return `(CASE WHEN ${confirmedLine(l)} THEN
    (CASE WHEN (SELECT p.invoice_policy FROM product_product p WHERE p.id = ${l}.product_id) = 'delivery' THEN ${deliveredSql(l)}
          ELSE ${l}.product_uom_qty::float8 END) - ${invoicedSql(l)} ELSE 0::float8 END)`;
}

/**
 * Invoice status of line `l`: 'to invoice', 'invoiced' (all of it) or 'no'. sale_stock adds: a product invoiced on
 * delivery whose moves are all done or cancelled (one at least done), with nothing left to invoice, is 'invoiced'
 * even if less than ordered was delivered (a return credited); a cancelled delivery alone leaves it 'no'.
 */
export function lineStatusSql(l: string): string {
  const settledDelivery = `((SELECT p.invoice_policy = 'delivery' AND p.type = 'consu' FROM product_product p WHERE p.id = ${l}.product_id)
    AND EXISTS (SELECT 1 FROM stock_move m WHERE m.sale_line_id = ${l}.id AND m.state = 'done')
    AND NOT EXISTS (SELECT 1 FROM stock_move m WHERE m.sale_line_id = ${l}.id AND m.state NOT IN ('done', 'cancel')))`;
  return `(CASE WHEN NOT ${confirmedLine(l)} THEN 'no' WHEN abs(${toInvoiceSql(l)}) > ${EPS} THEN 'to invoice'
    WHEN ${invoicedSql(l)} >= ${l}.product_uom_qty - ${EPS} THEN 'invoiced' WHEN ${settledDelivery} THEN 'invoiced' ELSE 'no' END)`;
}

/** Order-level invoice status of order `o`: to invoice if a line is, invoiced when every line is, else 'no'. */
export function orderStatusSql(o: string): string {
  const lines = `FROM sale_order_line sl WHERE sl.order_id = ${o}.id AND sl.display_type IS NULL`;
  return `(CASE WHEN EXISTS (SELECT 1 ${lines} AND ${lineStatusSql('sl')} = 'to invoice') THEN 'to invoice'
    WHEN EXISTS (SELECT 1 ${lines}) AND NOT EXISTS (SELECT 1 ${lines} AND ${lineStatusSql('sl')} <> 'invoiced') THEN 'invoiced'
    ELSE 'no' END)`;
}

const LINE_SQL = { delivered: deliveredSql, invoiced: invoicedSql, toInvoice: toInvoiceSql, status: lineStatusSql } as const;

/** A computed line field read through its SQL expression (one query for all ids). */
export function lineQtyCompute(key: keyof typeof LINE_SQL) {
  return async (env: Env, ids: number[]): Promise<Map<number, Json>> => {
    const r = await env.tx.query(`SELECT l.id, ${LINE_SQL[key]('l')} AS v FROM sale_order_line l WHERE l.id = ANY($1)`, [ids]);
    const got = new Map(r.rows.map((x) => [x.id as number, (key === 'status' ? x.v : Number(x.v)) as Json]));
    return new Map(ids.map((id) => [id, got.get(id) ?? (key === 'status' ? 'no' : 0)]));
  };
}

/** The orders' invoice status (one query). */
export async function orderInvoiceStatus(env: Env, orderIds: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query(`SELECT o.id, ${orderStatusSql('o')} AS v FROM sale_order o WHERE o.id = ANY($1)`, [orderIds]);
  return new Map(r.rows.map((x) => [x.id as number, x.v as Json]));
}
