/**
 * The ERP side of payment adjustments: customer credit notes (`account.move`, `out_refund`) with their reference,
 * the invoice they reverse (`reversed_entry_id`), currency and lines (product reference, units, untaxed and taxed
 * amounts), the sales order behind the invoice (its lines' `sale_line_ids`, as Odoo links them), and the sweep's
 * search. Standard fields from Odoo 17 to 19: no custom field is needed.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const ACCOUNT_MOVE = 'account.move';
/** What the change feed watches on credit notes (a posting changes `state`; an edited mark changes `ref`). */
export const WATCHED_FIELDS = ['state', 'ref', 'move_type'] as const;

export interface CreditNoteLine {
  id: number;
  productId: number | null;
  sku: string | null;
  quantity: number;
  /** Untaxed and taxed amounts as Odoo answers them (JSON numbers; turned into minor units by the caller). */
  subtotal: number;
  total: number;
}

export interface CreditNote {
  id: number;
  moveType: string;
  state: string;
  ref: string | null;
  reversedEntryId: number | null;
  currency: string | null;
  amountTotal: number;
  lines: CreditNoteLine[];
}

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const ids = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : []);
const num = (r: ErpRecord, f: string): number => {
  if (typeof r[f] !== 'number') throw new PermanentError('ERP_PROTOCOL', `the ERP's field ${f} of record ${r.id} is not a number`, { id: r.id, field: f });
  return r[f] as number;
};

export function creditNoteOutGateway(erp: ErpPort) {
  return {
    /** The credit notes among `moveIds` (other moves are dropped), with their lines. */
    async creditNotes(moveIds: readonly number[]): Promise<CreditNote[]> {
      if (!moveIds.length) return [];
      const moves = (await erp.read(ACCOUNT_MOVE, [...moveIds], ['move_type', 'state', 'ref', 'reversed_entry_id', 'currency_id', 'amount_total', 'invoice_line_ids']))
        .filter((m) => m.move_type === 'out_refund');
      const lineIds = moves.flatMap((m) => ids(m.invoice_line_ids));
      const lines = lineIds.length ? await erp.read('account.move.line', lineIds, ['move_id', 'product_id', 'quantity', 'price_subtotal', 'price_total', 'display_type']) : [];
      const productIds = [...new Set(lines.map((l) => m2oId(l.product_id)).filter((x): x is number => x !== null))];
      const skus = new Map((productIds.length ? await erp.read('product.product', productIds, ['default_code']) : []).map((p) => [p.id, text(p.default_code)]));
      const currencyIds = [...new Set(moves.map((m) => m2oId(m.currency_id)).filter((x): x is number => x !== null))];
      const currencies = new Map((currencyIds.length ? await erp.read('res.currency', currencyIds, ['name']) : []).map((c) => [c.id, text(c.name)]));
      return moves.map((m) => ({
        id: m.id, moveType: String(m.move_type), state: String(m.state), ref: text(m.ref), reversedEntryId: m2oId(m.reversed_entry_id),
        currency: currencies.get(m2oId(m.currency_id) ?? -1) ?? null, amountTotal: num(m, 'amount_total'),
        lines: lines.filter((l) => m2oId(l.move_id) === m.id && (l.display_type === 'product' || l.display_type === false || l.display_type === null)).map((l) => {
          const productId = m2oId(l.product_id);
          return { id: l.id, productId, sku: productId === null ? null : (skus.get(productId) ?? null), quantity: Number(l.quantity), subtotal: num(l, 'price_subtotal'), total: num(l, 'price_total') };
        }),
      }));
    },

    /** The sales orders an invoice bills (through its lines' sale_line_ids). */
    async ordersOfInvoice(invoiceId: number): Promise<number[]> {
      const [inv] = await erp.read(ACCOUNT_MOVE, [invoiceId], ['invoice_line_ids']);
      const lines = await erp.read('account.move.line', ids(inv?.invoice_line_ids), ['sale_line_ids']);
      const saleLines = [...new Set(lines.flatMap((l) => ids(l.sale_line_ids)))];
      if (!saleLines.length) return [];
      return [...new Set((await erp.read('sale.order.line', saleLines, ['order_id'])).map((l) => m2oId(l.order_id)).filter((x): x is number => x !== null))];
    },

    /** Posted credit notes dated on or after `since` whose reference holds `mark` (the safety sweep). */
    async markedSince(mark: string, since: string): Promise<number[]> {
      const rows = await erp.searchRead(ACCOUNT_MOVE, [['move_type', '=', 'out_refund'], ['state', '=', 'posted'], ['ref', 'ilike', mark], ['invoice_date', '>=', since]], ['id'], { order: 'id asc' });
      return rows.map((r) => r.id);
    },
  };
}
