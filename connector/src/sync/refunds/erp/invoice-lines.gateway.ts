/**
 * What each invoice of an order can still be credited (multi-invoice refunds, split-refund.ts): its product lines'
 * units per SKU, less the units of the credit notes reversing it (not cancelled; this refund's own left out, so a
 * run again chooses as the first did), and the service lines it carries. Four reads for the whole order.
 */
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';
import type { CreditableInvoice } from '../split-refund.ts';
import { linesBySku } from '../refund-skus.ts';
import { ACCOUNT_MOVE, refundReason, type CreditLine } from './credit-note.gateway.ts';

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);
const ids = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);

/** Whether a credit note's reference names this refund (the reason the flow writes, whole). */
export const namesRefund = (ref: unknown, refundId: string): boolean =>
  typeof ref === 'string' && new RegExp(`${refundReason(refundId).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`).test(ref);

export async function creditableInvoices(erp: ErpPort, invoiceIds: readonly number[], refundId: string, productBySku: ReadonlyMap<string, number>,
  serviceKinds: ReadonlyMap<number, string>): Promise<CreditableInvoice[]> {
  const invoices = await erp.read(ACCOUNT_MOVE, [...invoiceIds], ['invoice_line_ids']);
  const notes = (await erp.searchRead(ACCOUNT_MOVE, [['move_type', '=', 'out_refund'], ['reversed_entry_id', 'in', [...invoiceIds]], ['state', '!=', 'cancel']],
    ['reversed_entry_id', 'ref', 'invoice_line_ids'])).filter((n) => !namesRefund(n.ref, refundId));
  const lineIds = [...invoices, ...notes].flatMap((m) => ids(m.invoice_line_ids));
  const lines = lineIds.length ? await erp.read('account.move.line', lineIds, ['move_id', 'product_id', 'quantity', 'display_type']) : [];
  const productIds = [...new Set(lines.map((l) => m2oId(l.product_id)).filter((x): x is number => x !== null))];
  const codes = new Map((productIds.length ? await erp.read('product.product', productIds, ['default_code']) : []).map((p) => [p.id, typeof p.default_code === 'string' && p.default_code !== '' ? p.default_code : null]));
  const asCredit = (l: ErpRecord): CreditLine => {
    const productId = m2oId(l.product_id);
    return { id: l.id, productId, sku: productId === null ? null : (codes.get(productId) ?? null), quantity: Number(l.quantity), priceUnit: 0, priceTotal: 0, displayType: typeof l.display_type === 'string' && l.display_type !== '' ? l.display_type : null };
  };
  const moveOf = new Map(lines.map((l) => [l.id, m2oId(l.move_id)]));
  const byMove = new Map<number, CreditLine[]>();
  for (const l of linesBySku(lines.map(asCredit), productBySku)) {
    if (l.displayType !== null && l.displayType !== 'product') continue;
    const m = moveOf.get(l.id);
    if (m != null) byMove.set(m, [...(byMove.get(m) ?? []), l]);
  }
  const noteOf = new Map(notes.map((n) => [n.id, m2oId(n.reversed_entry_id)]));
  return [...invoiceIds].sort((a, b) => a - b).map((id) => {
    const creditable = new Map<string, number>();
    const services = new Set<string>();
    for (const l of byMove.get(id) ?? []) {
      const kind = l.productId === null ? undefined : serviceKinds.get(l.productId);
      if (kind !== undefined) services.add(kind);
      else if (l.sku !== null) creditable.set(l.sku, (creditable.get(l.sku) ?? 0) + l.quantity);
    }
    for (const [noteId, invoiceId] of noteOf) {
      if (invoiceId !== id) continue;
      for (const l of byMove.get(noteId) ?? []) if (l.sku !== null && creditable.has(l.sku)) creditable.set(l.sku, creditable.get(l.sku)! - Math.abs(l.quantity));
    }
    return { id, creditable, services };
  });
}
