/**
 * The ERP stock the reorder advice counts on: `product.product` `qty_available` (on hand) and `incoming_qty`
 * (receipts and transfers on their way in) with the context's `warehouse_id` (Odoo 17-19 count the internal
 * locations under that warehouse, as inventory-json2.jsonl records), summed over the chosen warehouses; and those
 * warehouses by id or short code. Read only.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

const BATCH = 200;

export interface ProductStock {
  onHand: number;
  incoming: number;
}

function qty(r: ErpRecord, field: string): number {
  const v = r[field];
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new PermanentError('ERP_PROTOCOL', `the ERP's ${field} of product ${r.id} is not a number`, { id: r.id, field });
}

/** The stock-level reads over one ERP connection. */
export function stockLevelsGateway(erp: ErpPort) {
  return {
    /**
     * The warehouses to count: `refs` (ids or codes; an unknown one is REORDER_WAREHOUSE_UNKNOWN), or every
     * active warehouse but `exclude` (the backend's FBA pools: Amazon's snapshot counts those).
     */
    async warehouses(refs: readonly (number | string)[], exclude: readonly number[]): Promise<number[]> {
      if (!refs.length) return (await erp.search('stock.warehouse', [['id', 'not in', [...exclude]]], { order: 'id' }));
      const rows = await erp.searchRead('stock.warehouse', ['|', ['id', 'in', refs.filter((r) => typeof r === 'number')], ['code', 'in', refs.filter((r) => typeof r === 'string')]], ['code'], { context: { active_test: false } });
      const byRef = new Map<number | string, number>(rows.flatMap((r) => [[r.id, r.id], [String(r.code), r.id]] as Array<[number | string, number]>));
      const missing = refs.filter((r) => !byRef.has(r));
      if (missing.length) throw new PermanentError('REORDER_WAREHOUSE_UNKNOWN', `reorder.warehouses: not in the ERP: ${missing.join(', ')}`, { missing });
      return [...new Set(refs.map((r) => byRef.get(r)!))];
    },

    /** On hand and incoming per product, summed over `warehouseIds` (one read per warehouse and 200 products). */
    async stockOf(productIds: readonly number[], warehouseIds: readonly number[]): Promise<Map<number, ProductStock>> {
      const out = new Map<number, ProductStock>();
      const unique = [...new Set(productIds)];
      for (let i = 0; i < unique.length; i += BATCH) {
        const chunk = unique.slice(i, i + BATCH);
        for (const warehouseId of warehouseIds) {
          for (const r of await erp.read('product.product', chunk, ['qty_available', 'incoming_qty'], { context: { warehouse_id: warehouseId } })) {
            const s = out.get(r.id) ?? { onHand: 0, incoming: 0 };
            out.set(r.id, { onHand: s.onHand + qty(r, 'qty_available'), incoming: s.incoming + qty(r, 'incoming_qty') });
          }
        }
      }
      return out;
    },
  };
}

export type StockLevelsGateway = ReturnType<typeof stockLevelsGateway>;
