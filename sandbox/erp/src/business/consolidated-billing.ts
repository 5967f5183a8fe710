/**
 * Odoo's consolidated billing (`sale.advance.payment.inv.consolidated_billing`, on by default): orders of one
 * customer with the same invoice and delivery address, currency and fiscal position make ONE invoice, its origin
 * and reference naming every order. Done on the rows the invoicing reads, before it builds the invoices: the other
 * orders' lines move to the first order of their group, and the others leave the list.
 */
type Row = Record<string, unknown>;

export function consolidate(orders: Row[], lines: Row[]): void {
  const first = new Map<string, Row>();
  const movedTo = new Map<unknown, Row>();
  for (const o of [...orders]) {
    const key = JSON.stringify([o.partner_invoice_id, o.partner_shipping_id, o.currency_id, o.fiscal_position_id ?? null]);
    const head = first.get(key);
    if (!head) {
      first.set(key, o);
      continue;
    }
    head.name = `${String(head.name)}, ${String(o.name)}`;
    if (o.client_order_ref) head.client_order_ref = head.client_order_ref ? `${String(head.client_order_ref)}, ${String(o.client_order_ref)}` : o.client_order_ref;
    movedTo.set(o.id, head);
    orders.splice(orders.indexOf(o), 1);
  }
  for (const l of lines) {
    const head = movedTo.get(l.order_id);
    if (head) l.order_id = head.id;
  }
}
