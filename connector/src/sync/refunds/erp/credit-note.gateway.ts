/**
 * The refunds flow's ERP calls: the order's posted invoices, the public reversal wizard (`account.move.reversal`,
 * `journal_id` required over the API, `refund_moves`), the credit note's lines adjusted with Odoo's x2many commands
 * (as a person editing the draft), its posting and its payment state. Stable from Odoo 17 to 19.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import { KINDS_IN_REFERENCE, ownsReference, reasonWithKindOf, refundReason } from './refund-reference.ts';

export { KINDS_IN_REFERENCE, refundReason };

export const ACCOUNT_MOVE = 'account.move';
const REVERSAL = 'account.move.reversal';

export interface MoveView {
  id: number;
  name: string | null;
  state: string;
  moveType: string;
  journalId: number | null;
  amountTotal: number;
  paymentState: string | null;
  reversedEntryId: number | null;
}

export interface CreditLine {
  id: number;
  /** The product's internal reference (the SKU for catalogue products), null for a line without product. */
  sku: string | null;
  productId: number | null;
  quantity: number;
  /** The unit price as the ERP answers it (a JSON number; read into minor units by the caller). */
  priceUnit: number;
  /** The line's total with its taxes (price_total), as the ERP answers it. */
  priceTotal: number;
  displayType: string | null;
}

export const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const protocol = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} is not what Odoo answers`, { id: row.id, field });

export function moveOf(r: ErpRecord): MoveView {
  if (typeof r.amount_total !== 'number') throw protocol(r, 'amount_total');
  return {
    id: r.id, name: text(r.name) === '/' ? null : text(r.name), state: String(r.state), moveType: String(r.move_type), journalId: m2oId(r.journal_id),
    amountTotal: r.amount_total, paymentState: text(r.payment_state), reversedEntryId: m2oId(r.reversed_entry_id),
  };
}
export const MOVE_FIELDS = ['name', 'state', 'move_type', 'journal_id', 'amount_total', 'payment_state', 'reversed_entry_id'];

export function creditNoteGateway(erp: ErpPort) {
  return {
    /** The posted customer invoices of a sales order. */
    async postedInvoicesOf(saleOrderId: number): Promise<MoveView[]> {
      const [so] = await erp.read('sale.order', [saleOrderId], ['invoice_ids']);
      const ids = Array.isArray(so?.invoice_ids) ? (so.invoice_ids as number[]) : [];
      if (!ids.length) return [];
      return (await erp.read(ACCOUNT_MOVE, ids, MOVE_FIELDS)).map(moveOf).filter((m) => m.moveType === 'out_invoice' && m.state === 'posted');
    },

    /** How many posted customer invoices each sales order has (two reads for the whole batch). */
    async postedInvoiceCounts(saleOrderIds: readonly number[]): Promise<Map<number, number>> {
      if (!saleOrderIds.length) return new Map();
      const orders = await erp.read('sale.order', [...saleOrderIds], ['invoice_ids']);
      const ids = [...new Set(orders.flatMap((o) => (Array.isArray(o.invoice_ids) ? (o.invoice_ids as number[]) : [])))];
      const posted = new Set((ids.length ? await erp.read(ACCOUNT_MOVE, ids, MOVE_FIELDS) : []).map(moveOf).filter((m) => m.moveType === 'out_invoice' && m.state === 'posted').map((m) => m.id));
      return new Map(orders.map((o) => [o.id, (Array.isArray(o.invoice_ids) ? (o.invoice_ids as number[]) : []).filter((id) => posted.has(id)).length]));
    },

    /**
     * The credit note already made for a refund: the wizard writes its reason into `ref` ("Reversal of: <number>,
     * <reason>"), and the reason carries the Amazon refund id. Cancelled ones do not count.
     */
    async findByRefund(refundId: string): Promise<MoveView[]> {
      const rows = await erp.searchRead(ACCOUNT_MOVE, [['move_type', '=', 'out_refund'], ['ref', 'ilike', refundId], ['state', '!=', 'cancel']], [...MOVE_FIELDS, 'ref'], { order: 'id asc' });
      // `ilike` matches inside longer ids too (R1 in R12): only the reason this flow writes, whole, counts.
      return rows.filter((r) => typeof r.ref === 'string' && ownsReference(refundId, r.ref, m2oId(r.reversed_entry_id))).map(moveOf);
    },

    async readMove(id: number): Promise<MoveView | null> {
      const [r] = await erp.read(ACCOUNT_MOVE, [id], MOVE_FIELDS);
      return r ? moveOf(r) : null;
    },

    /** Runs the reversal wizard on one invoice; answers the draft credit notes it made. */
    async reverse(invoice: MoveView, reason: string): Promise<number[]> {
      if (invoice.journalId === null) throw protocol({ id: invoice.id }, 'journal_id');
      const context = { active_model: ACCOUNT_MOVE, active_ids: [invoice.id], active_id: invoice.id };
      const [wizard] = await erp.create(REVERSAL, [{ reason, journal_id: invoice.journalId }], { context });
      await erp.call(REVERSAL, 'refund_moves', [wizard!], { context });
      const [w] = await erp.read(REVERSAL, [wizard!], ['new_move_ids']);
      return Array.isArray(w?.new_move_ids) ? (w.new_move_ids as number[]) : [];
    },

    /** The credit note's invoice lines with their products' references. */
    async linesOf(moveId: number): Promise<CreditLine[]> {
      const [m] = await erp.read(ACCOUNT_MOVE, [moveId], ['invoice_line_ids']);
      const ids = Array.isArray(m?.invoice_line_ids) ? (m.invoice_line_ids as number[]) : [];
      const lines = await erp.read('account.move.line', ids, ['product_id', 'quantity', 'price_unit', 'price_total', 'display_type']);
      const productIds = [...new Set(lines.map((l) => m2oId(l.product_id)).filter((x): x is number => x !== null))];
      const products = new Map((await erp.read('product.product', productIds, ['default_code'])).map((p) => [p.id, text(p.default_code)]));
      return lines.map((l) => {
        const productId = m2oId(l.product_id);
        return { id: l.id, productId, sku: productId === null ? null : (products.get(productId) ?? null), quantity: Number(l.quantity), priceUnit: Number(l.price_unit), priceTotal: Number(l.price_total), displayType: text(l.display_type) };
      });
    },

    /** Edits the draft: quantities changed, lines removed (Odoo's commands 1 and 2), other fields of `extra`. */
    async adjustLines(moveId: number, quantities: ReadonlyMap<number, number>, removed: readonly number[], extra: Record<string, string> = {}): Promise<void> {
      const commands = [...[...quantities].map(([id, quantity]) => [1, id, { quantity }]), ...removed.map((id) => [2, id])];
      // `extra`: the refund's own reference in place of a batch's, in the same write (one write per credit note).
      if (commands.length || Object.keys(extra).length) await erp.write(ACCOUNT_MOVE, [moveId], { ...(commands.length ? { invoice_line_ids: commands } : {}), ...extra });
    },

    /** Edits the draft: lines' quantities and unit prices written, lines removed (commands 1 and 2), in one write. */
    async writeLines(moveId: number, updates: ReadonlyMap<number, { quantity?: number; price_unit?: number }>, removed: readonly number[]): Promise<void> {
      const commands = [...[...updates].map(([id, vals]) => [1, id, vals]), ...removed.map((id) => [2, id])];
      if (commands.length) await erp.write(ACCOUNT_MOVE, [moveId], { invoice_line_ids: commands });
    },

    /**
     * Names the kind in the credit note's reference (posted or not: `ref` is no field of Odoo's inalterability
     * hash), in place of the reason's part this flow wrote; a reference a person rewrote without it is left alone.
     * Answers whether it wrote.
     */
    async nameKind(moveId: number, refundId: string, kind: string): Promise<boolean> {
      const [r] = await erp.read(ACCOUNT_MOVE, [moveId], ['ref']);
      const ref = typeof r?.ref === 'string' ? r.ref : '';
      const m = reasonWithKindOf(refundId).exec(ref);
      if (!m) return false;
      const next = `${ref.slice(0, m.index)}${refundReason(refundId, kind)}${ref.slice(m.index + m[0].length)}`;
      if (next === ref) return false;
      await erp.write(ACCOUNT_MOVE, [moveId], { ref: next });
      return true;
    },

    async post(moveId: number): Promise<void> {
      await erp.call(ACCOUNT_MOVE, 'action_post', [moveId]);
    },
  };
}
