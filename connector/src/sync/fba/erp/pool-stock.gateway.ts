/**
 * The ERP models and fields of the FBA pools: warehouses (name and code unique per company in Odoo), their Stock
 * location, the "Unsellable" location beside it, products by internal reference, and inventory counts
 * (`stock.quant` `inventory_quantity` in `inventory_mode`, then `action_apply_inventory`, as inventory-json2.jsonl).
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { m2o, str } from './rows.ts';

export const WAREHOUSE_MODEL = 'stock.warehouse';
export const LOCATION_MODEL = 'stock.location';
export const UNSELLABLE_NAME = 'Unsellable';

export interface WarehouseRow {
  id: number;
  name: string;
  code: string;
  stockLocationId: number | null;
  viewLocationId: number | null;
}

/** One counted quantity: absolute, never a delta. */
export interface InventoryCount {
  productId: number;
  locationId: number;
  quantity: number;
}

const WAREHOUSE_FIELDS = ['name', 'code', 'lot_stock_id', 'view_location_id'];
const toWarehouse = (r: Record<string, unknown> & { id: number }): WarehouseRow => ({
  id: r.id, name: str(r, 'name'), code: str(r, 'code'), stockLocationId: m2o(r, 'lot_stock_id'), viewLocationId: m2o(r, 'view_location_id'),
});

/** The pool-stock gateway over one ERP connection. */
export function poolStockGateway(erp: ErpPort) {
  return {
    /** The warehouse with this code, else this name (a person may have made it by hand), archived ones too. */
    async findWarehouse(code: string, name: string): Promise<WarehouseRow | null> {
      const rows = await erp.searchRead(WAREHOUSE_MODEL, ['|', ['code', '=', code], ['name', '=', name]], WAREHOUSE_FIELDS, { context: { active_test: false } });
      const row = rows.find((r) => r.code === code) ?? rows[0];
      return row ? toWarehouse(row) : null;
    },
    async readWarehouse(id: number): Promise<WarehouseRow | null> {
      const [row] = await erp.read(WAREHOUSE_MODEL, [id], WAREHOUSE_FIELDS);
      return row ? toWarehouse(row) : null;
    },
    async createWarehouse(name: string, code: string): Promise<number> {
      const [id] = await erp.create(WAREHOUSE_MODEL, [{ name, code }]);
      return id!;
    },
    /** The internal location named `name` directly under `parentId`, or null. */
    async findLocation(name: string, parentId: number): Promise<number | null> {
      const ids = await erp.search(LOCATION_MODEL, [['name', '=', name], ['location_id', '=', parentId]], { limit: 1, context: { active_test: false } });
      return ids[0] ?? null;
    },
    /** Whether the location still exists (a person may have deleted it). */
    async locationExists(id: number): Promise<boolean> {
      return (await erp.read(LOCATION_MODEL, [id], ['name'])).length > 0;
    },
    async createLocation(name: string, parentId: number, warehouseId: number): Promise<number> {
      const [id] = await erp.create(LOCATION_MODEL, [{ name, location_id: parentId, usage: 'internal', warehouse_id: warehouseId }]);
      return id!;
    },
    /** Product ids by internal reference (`default_code`), archived products left out. */
    async productsByCode(codes: readonly string[]): Promise<Map<string, number>> {
      if (!codes.length) return new Map();
      const rows = await erp.searchRead('product.product', [['default_code', 'in', [...codes]]], ['default_code']);
      const out = new Map<string, number>();
      for (const r of rows) if (typeof r.default_code === 'string' && !out.has(r.default_code)) out.set(r.default_code, r.id);
      return out;
    },
    /** Counts these quantities and applies them (one create, one apply): the locations then hold exactly them. */
    async applyCounts(counts: readonly InventoryCount[]): Promise<number[]> {
      if (!counts.length) return [];
      const context = { inventory_mode: true };
      const ids = await erp.create('stock.quant', counts.map((c) => ({ product_id: c.productId, location_id: c.locationId, inventory_quantity: c.quantity })), { context });
      await erp.call('stock.quant', 'action_apply_inventory', ids, { context });
      return ids;
    },
  };
}

export type PoolStockGateway = ReturnType<typeof poolStockGateway>;
