/**
 * The ERP side of seller cancellations: the one place naming what it reads (`sale.order` state and lines,
 * `sale.order.line` product and quantity), returning typed rows. Reads only: the ERP user cancelled the order or
 * lowered a line; the connector tells Amazon.
 */
import { PermanentError } from '../../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../../erp/erp-port.ts';

/** What the change feed watches on orders (a webhook posts these) and on lines (polled: lines have no state). */
export const ORDER_FIELDS = ['state'] as const;
export const LINE_FIELDS = ['order_id', 'product_id', 'product_uom_qty'] as const;

/** An ERP sales order as the plan needs it. */
export interface ErpSaleOrder {
  id: number;
  state: string;
  /** Units per product on its product lines (sections and notes left out). */
  quantityByProduct: Map<number, number>;
}

const bad = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} has an unexpected type`, { id: row.id, field });

function m2oId(row: ErpRecord, field: string): number | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  throw bad(row, field);
}

/** The reads of seller cancellations over one ERP connection. */
export function saleCancelGateway(erp: ErpPort) {
  return {
    /** The orders of changed lines (one call). */
    async ordersOfLines(lineIds: readonly number[]): Promise<number[]> {
      if (!lineIds.length) return [];
      const rows = await erp.read('sale.order.line', [...new Set(lineIds)], ['order_id']);
      return [...new Set(rows.map((r) => m2oId(r, 'order_id')).filter((x): x is number => x !== null))];
    },

    /** The ERP's write_date of orders, exactly as it answers it (what the orders flow's binding compares). */
    async writeDates(ids: readonly number[]): Promise<Map<number, string>> {
      if (!ids.length) return new Map();
      const rows = await erp.read('sale.order', [...new Set(ids)], ['write_date']);
      return new Map(rows.flatMap((r) => (typeof r.write_date === 'string' ? [[r.id, r.write_date] as const] : [])));
    },

    /** The orders of `ids` that exist, with their units per product (two calls). */
    async orders(ids: readonly number[]): Promise<ErpSaleOrder[]> {
      if (!ids.length) return [];
      const rows = await erp.read('sale.order', [...new Set(ids)], ['state', 'order_line']);
      const lineIds = rows.flatMap((r) => (Array.isArray(r.order_line) ? (r.order_line as number[]) : []));
      const lines = lineIds.length ? await erp.read('sale.order.line', lineIds, ['order_id', 'product_id', 'product_uom_qty', 'display_type']) : [];
      const byOrder = new Map<number, Map<number, number>>();
      for (const l of lines) {
        const order = m2oId(l, 'order_id');
        const product = m2oId(l, 'product_id');
        if (order === null || product === null || (l.display_type && l.display_type !== false)) continue;
        const qty = l.product_uom_qty;
        if (typeof qty !== 'number') throw bad(l, 'product_uom_qty');
        const m = byOrder.get(order) ?? new Map<number, number>();
        m.set(product, (m.get(product) ?? 0) + qty);
        byOrder.set(order, m);
      }
      return rows.map((r) => {
        if (typeof r.state !== 'string') throw bad(r, 'state');
        return { id: r.id, state: r.state, quantityByProduct: byOrder.get(r.id) ?? new Map() };
      });
    },
  };
}
