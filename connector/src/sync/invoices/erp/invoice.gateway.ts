/**
 * The invoices flow's ERP models and fields: the sales order's invoices and invoice status, the public invoicing
 * wizard (`sale.advance.payment.inv`), and the customer invoice (`account.move`): its date, totals and posting.
 * Stable from Odoo 17 to 19 (no dialect differences).
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const SALE_ORDER = 'sale.order';
export const ACCOUNT_MOVE = 'account.move';
export const INVOICE_WIZARD = 'sale.advance.payment.inv';

/** A sales order as the flow reads it before invoicing. */
export interface OrderInvoicing {
  id: number;
  name: string;
  /** draft | sent | sale | cancel (| done before 17). */
  state: string;
  /** to invoice | invoiced | no | upselling */
  invoiceStatus: string;
  invoiceIds: number[];
}

/** A customer invoice (or credit note) as read. */
export interface ErpInvoice {
  id: number;
  /** Empty ('/' or false) while a draft. */
  name: string | null;
  state: 'draft' | 'posted' | 'cancel' | string;
  moveType: string;
  invoiceDate: string | null;
  amountTotal: string;
  amountTax: string;
  currency: string | null;
}

const protocol = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not what Odoo answers`, { id: row.id, field });
const str = (row: ErpRecord, f: string): string => (typeof row[f] === 'string' ? (row[f] as string) : (() => { throw protocol(row, f); })());
const optStr = (row: ErpRecord, f: string): string | null => (row[f] === false || row[f] == null ? null : str(row, f));
const num = (row: ErpRecord, f: string): string => {
  const v = row[f];
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw protocol(row, f);
};
const ids = (row: ErpRecord, f: string): number[] => {
  const v = row[f];
  if (v === false || v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x))) throw protocol(row, f);
  return v as number[];
};
const m2oName = (row: ErpRecord, f: string): string | null => (Array.isArray(row[f]) ? String((row[f] as unknown[])[1]) : null);

/** The typed invoicing calls over one ERP connection. */
export function invoiceGateway(erp: ErpPort) {
  return {
    /** The orders' state, invoice status and invoices, in ONE call; missing ids are absent. */
    async readOrders(orderIds: readonly number[]): Promise<Map<number, OrderInvoicing>> {
      if (!orderIds.length) return new Map();
      const rows = await erp.read(SALE_ORDER, orderIds, ['name', 'state', 'invoice_status', 'invoice_ids']);
      return new Map(rows.map((r) => [r.id, { id: r.id, name: str(r, 'name'), state: str(r, 'state'), invoiceStatus: optStr(r, 'invoice_status') ?? 'no', invoiceIds: ids(r, 'invoice_ids') }]));
    },

    /** Invoices by id in ONE call; missing ids are absent. */
    async readInvoices(moveIds: readonly number[]): Promise<Map<number, ErpInvoice>> {
      if (!moveIds.length) return new Map();
      const rows = await erp.read(ACCOUNT_MOVE, moveIds, ['name', 'state', 'move_type', 'invoice_date', 'amount_total', 'amount_tax', 'currency_id']);
      return new Map(
        rows.map((r) => [
          r.id,
          {
            id: r.id, name: optStr(r, 'name'), state: str(r, 'state'), moveType: str(r, 'move_type'), invoiceDate: optStr(r, 'invoice_date'),
            amountTotal: num(r, 'amount_total'), amountTax: num(r, 'amount_tax'), currency: m2oName(r, 'currency_id'),
          },
        ]),
      );
    },

    /**
     * The public path: the "Create Invoice" wizard on several orders at once (one draft invoice per order for what
     * is left to invoice), as a person would run it from the orders' list. Returns nothing: the caller re-reads the
     * orders' invoices (an answer lost to a timeout must not be the only way to find them).
     */
    async createInvoices(orderIds: readonly number[]): Promise<void> {
      const context = { active_model: SALE_ORDER, active_ids: [...orderIds], active_id: orderIds[0] };
      const [wizard] = await erp.create(INVOICE_WIZARD, [{ advance_payment_method: 'delivered', sale_order_ids: [[6, 0, [...orderIds]]] }], { context });
      await erp.call(INVOICE_WIZARD, 'create_invoices', [wizard!], { context });
    },

    /** Writes the invoice date (the VAT tax point) on drafts: one call per date. */
    async setInvoiceDate(moveIds: readonly number[], date: string): Promise<void> {
      await erp.write(ACCOUNT_MOVE, moveIds, { invoice_date: date });
    },
  };
}
