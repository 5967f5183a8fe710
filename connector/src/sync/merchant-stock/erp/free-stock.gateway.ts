/**
 * The ERP models and fields the merchant-stock flow reads: `product.product.free_qty` (on hand less reserved) with
 * the context's `warehouse_id` (Odoo 17-19 count the internal locations under that warehouse's view location, as
 * inventory-json2.jsonl records), `stock.warehouse` by id or code, and the product of `stock.move`s the change feed
 * reports. Read only: this flow never writes the ERP.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

/**
 * Products per read (one call each per warehouse). 1,000: Odoo prefetches by 1,000 and computes free_qty for a whole
 * record set at once; the per-call part of a read is what smaller reads multiply (the inventory bench: 250 reads of
 * 200 for 50,000 SKUs against 50 of 1,000).
 */
const BATCH = 1000;

function m2oId(row: ErpRecord, field: string): number | null {
  const v = row[field];
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  if (Number.isInteger(v)) return v as number;
  return null;
}

function qty(row: ErpRecord): number {
  const v = row.free_qty;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new PermanentError('ERP_PROTOCOL', `the ERP's free_qty of product ${row.id} is not a number`, { id: row.id, field: 'free_qty' });
}

/** The free-stock reads over one ERP connection. */
export function freeStockGateway(erp: ErpPort) {
  return {
    /**
     * Warehouse ids of the settings' references (ids or codes), in one search; archived ones count (a person may
     * archive a warehouse that still holds stock). A reference the ERP does not know is MERCHANT_STOCK_WAREHOUSE_UNKNOWN.
     */
    async resolveWarehouses(refs: readonly (number | string)[]): Promise<number[]> {
      if (!refs.length) return [];
      const ids = refs.filter((r): r is number => typeof r === 'number');
      const codes = refs.filter((r): r is string => typeof r === 'string');
      const domain = ids.length && codes.length ? ['|', ['id', 'in', ids], ['code', 'in', codes]] as const
        : ids.length ? [['id', 'in', ids]] as const : [['code', 'in', codes]] as const;
      const rows = await erp.searchRead('stock.warehouse', domain, ['code'], { context: { active_test: false } });
      const byCode = new Map(rows.map((r) => [String(r.code), r.id]));
      const known = new Set(rows.map((r) => r.id));
      const missing = [...ids.filter((i) => !known.has(i)), ...codes.filter((c) => !byCode.has(c))];
      if (missing.length) {
        throw new PermanentError('MERCHANT_STOCK_WAREHOUSE_UNKNOWN', `merchantStock.warehouses: not in the ERP: ${missing.join(', ')}`, { missing });
      }
      // In the settings' order (ids and codes mixed), each warehouse once.
      return [...new Set(refs.map((r) => (typeof r === 'number' ? r : byCode.get(r)!)))];
    },

    /**
     * Free quantity per product summed over `warehouseIds` (empty: every internal location of the company): one
     * read per warehouse and batch of 1,000 products. A product the ERP no longer has is absent (nothing to sell).
     */
    async freeQty(productIds: readonly number[], warehouseIds: readonly number[]): Promise<Map<number, number>> {
      const out = new Map<number, number>();
      const unique = [...new Set(productIds)];
      const scopes: (number | null)[] = warehouseIds.length ? [...warehouseIds] : [null];
      for (let i = 0; i < unique.length; i += BATCH) {
        const chunk = unique.slice(i, i + BATCH);
        for (const warehouseId of scopes) {
          const rows = await erp.read('product.product', chunk, ['free_qty'], warehouseId === null ? {} : { context: { warehouse_id: warehouseId } });
          for (const r of rows) out.set(r.id, (out.get(r.id) ?? 0) + qty(r));
        }
      }
      return out;
    },

    /**
     * Done moves written at or after `since` (an Odoo second; `>=`: Odoo rewrites `>` into `>= X + 1 s`), oldest
     * first, `limit` at most, with their write_date only (the urgent poll's one call; the task it queues reads the
     * products, as for a webhook).
     */
    async movesDoneSince(since: string, limit: number): Promise<Array<{ id: number; writeDate: unknown }>> {
      const rows = await erp.searchRead('stock.move', [['state', '=', 'done'], ['write_date', '>=', since]], ['write_date'], { order: 'write_date asc, id asc', limit });
      return rows.map((r) => ({ id: r.id, writeDate: r.write_date }));
    },

    /** The products of these moves (the change feed hands the ids; a deleted move is simply absent). */
    async productsOfMoves(moveIds: readonly number[]): Promise<number[]> {
      if (!moveIds.length) return [];
      const rows = await erp.read('stock.move', [...new Set(moveIds)], ['product_id']);
      return [...new Set(rows.map((r) => m2oId(r, 'product_id')).filter((id): id is number => id !== null))];
    },
  };
}

export type FreeStockGateway = ReturnType<typeof freeStockGateway>;
