/**
 * Per Amazon order, what is still open for it in the ERP: the receivable items of its posted invoices and credit
 * notes, found through the connector's bindings (the order's sales order and its `invoice_ids`, which list a
 * reversal's credit notes too, and the refunds flow's credit notes bound per refund), read for a batch of orders
 * in a few calls. Also where an order's line goes when nothing is open (its buyer's receivable: an outstanding
 * amount Odoo offers on the next invoice), or without a sales order at all (the unmatched account).
 */
import type pg from 'pg';
import type { Binder } from '../../../core/binding/binder.ts';
import type { OpenItem, PostingGateway } from './erp/posting.gateway.ts';

export interface OrderSide { openItems: OpenItem[]; account: { accountId: number; partnerId: number } | null }

export async function orderSides(db: Pick<pg.Pool, 'query'>, binder: Pick<Binder, 'toErpMany'>, gw: PostingGateway, backendId: number,
  orderIds: readonly string[]): Promise<Map<string, OrderSide>> {
  const out = new Map<string, OrderSide>();
  if (!orderIds.length) return out;
  const orders = await binder.toErpMany(backendId, 'order', orderIds);
  const { rows: refundDocs } = await db.query<{ order_id: string; key: string }>(
    `select d.payload->>'orderId' as order_id, d.key from fetched_document d
      where d.backend_id = $1 and d.kind = 'refund' and d.payload->>'orderId' = any($2::text[])`, [backendId, [...orderIds]]);
  const refundBindings = await binder.toErpMany(backendId, 'refund', refundDocs.map((d) => d.key));
  const refunds = refundDocs.flatMap((d) => {
    const b = refundBindings.get(d.key);
    return b ? [{ order_id: d.order_id, erp_id: b.erpId }] : [];
  });
  const sales = await gw.ordersInvoices([...new Set([...orders.values()].map((b) => b.erpId))]);
  const movesOf = new Map<string, Set<number>>(orderIds.map((id) => [id, new Set<number>()]));
  for (const [orderId, b] of orders) for (const m of sales.get(b.erpId)?.moveIds ?? []) movesOf.get(orderId)!.add(m);
  for (const r of refunds) movesOf.get(r.order_id)?.add(r.erp_id);
  const open = await gw.openReceivables([...new Set([...movesOf.values()].flatMap((s) => [...s]))]);
  const partners = await gw.receivableOf([...new Set([...orders.values()].map((b) => sales.get(b.erpId)?.partnerId).filter((x): x is number => typeof x === 'number'))]);
  for (const id of orderIds) {
    const moves = movesOf.get(id)!;
    const openItems = open.filter((i) => moves.has(i.moveId));
    const first = openItems.find((i) => i.partnerId !== null);
    const b = orders.get(id);
    const partner = b ? sales.get(b.erpId)?.partnerId : undefined;
    const fallback = partner === undefined || partner === null ? null : (partners.get(partner) ?? null);
    out.set(id, { openItems, account: first ? { accountId: first.accountId, partnerId: first.partnerId! } : fallback });
  }
  return out;
}
