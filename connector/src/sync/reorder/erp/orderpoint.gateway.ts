/**
 * The ERP's reordering rules (`stock.warehouse.orderpoint`), one per product and stock location: the advice's
 * min/max written idempotently. Looked up first (archived ones too: Odoo's uniqueness counts them); a create
 * refused because a rule appeared meanwhile (422 "A replenishment rule already exists", another worker or a
 * person) is looked up again and written instead, so a repeat never fails nor makes a second rule.
 */
import { SyncError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const ORDERPOINT_MODEL = 'stock.warehouse.orderpoint';
const FIELDS = ['product_id', 'location_id', 'warehouse_id', 'product_min_qty', 'product_max_qty', 'active'] as const;
/** Odoo's uniqueness refusal (inventory-json2.jsonl); its other 422 (min > max) is a real error. */
const DUPLICATE = /replenishment rule already exists/i;

export interface OrderpointTarget {
  productId: number;
  /** The warehouse's stock location (`lot_stock_id`). */
  locationId: number;
  warehouseId: number;
  min: number;
  max: number;
}

export interface OrderpointRow {
  id: number;
  min: number;
  max: number;
  active: boolean;
}

export type OrderpointOutcome = { id: number; action: 'created' | 'updated' | 'unchanged' };

const num = (r: ErpRecord, f: string): number => (typeof r[f] === 'number' ? (r[f] as number) : 0);
const row = (r: ErpRecord): OrderpointRow => ({ id: r.id, min: num(r, 'product_min_qty'), max: num(r, 'product_max_qty'), active: r.active !== false });

/** The gateway over one ERP connection. */
export function orderpointGateway(erp: ErpPort) {
  const find = async (productId: number, locationId: number): Promise<OrderpointRow | null> => {
    const rows = await erp.searchRead(ORDERPOINT_MODEL, [['product_id', '=', productId], ['location_id', '=', locationId]], FIELDS,
      { order: 'id asc', limit: 1, context: { active_test: false } });
    return rows[0] ? row(rows[0]) : null;
  };

  const update = async (found: OrderpointRow, t: OrderpointTarget): Promise<OrderpointOutcome> => {
    if (found.min === t.min && found.max === t.max && found.active) return { id: found.id, action: 'unchanged' };
    // min and max in one write: Odoo checks min <= max on the result, never between two writes
    await erp.write(ORDERPOINT_MODEL, [found.id], { product_min_qty: t.min, product_max_qty: t.max, active: true });
    return { id: found.id, action: 'updated' };
  };

  return {
    find,
    /** Creates or updates the rule of `t.productId` at `t.locationId` to min/max (absolute: a repeat is harmless). */
    async upsert(t: OrderpointTarget): Promise<OrderpointOutcome> {
      if (!(Number.isInteger(t.min) && Number.isInteger(t.max) && t.min >= 0 && t.min <= t.max)) {
        throw new RangeError(`orderpoint min/max must be whole numbers with 0 <= min <= max, got ${t.min}/${t.max}`);
      }
      const found = await find(t.productId, t.locationId);
      if (found) return update(found, t);
      try {
        const [id] = await erp.create(ORDERPOINT_MODEL, [{
          product_id: t.productId, location_id: t.locationId, warehouse_id: t.warehouseId, product_min_qty: t.min, product_max_qty: t.max,
        }]);
        return { id: id!, action: 'created' };
      } catch (e) {
        if (!(e instanceof SyncError && e.code === 'ERP_VALIDATION' && DUPLICATE.test(e.message))) throw e;
        const raced = await find(t.productId, t.locationId);
        if (!raced) throw e;
        return update(raced, t);
      }
    },
    /** The stock location of each warehouse (where its rules live). */
    async stockLocations(warehouseIds: readonly number[]): Promise<Map<number, number>> {
      const rows = await erp.read('stock.warehouse', warehouseIds, ['lot_stock_id']);
      return new Map(rows.flatMap((r) => (Array.isArray(r.lot_stock_id) ? [[r.id, r.lot_stock_id[0] as number] as [number, number]] : [])));
    },
  };
}

export type OrderpointGateway = ReturnType<typeof orderpointGateway>;
