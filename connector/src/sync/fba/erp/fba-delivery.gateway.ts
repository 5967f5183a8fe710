/**
 * The ERP side of an FBA order's delivery: its pickings, their moves, the quantities Amazon shipped written on the
 * moves (`quantity` + `picked`, as lifecycle-json2.jsonl does for a partial delivery), `button_validate`, and
 * Odoo's backorder wizard answered with `process_cancel_backorder` when Amazon shipped fewer (nothing more will
 * leave for this order: Amazon's order is shipped).
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { m2o, num, str } from './rows.ts';

export const PICKING_MODEL = 'stock.picking';

export interface PickingRow {
  id: number;
  name: string;
  state: string;
  locationId: number | null;
}

export interface MoveRow {
  id: number;
  productId: number | null;
  demand: number;
  state: string;
}

/** The delivery gateway over one ERP connection. */
export function fbaDeliveryGateway(erp: ErpPort) {
  return {
    /** The outgoing pickings of a sale order, oldest first. */
    async deliveriesOf(saleOrderId: number): Promise<PickingRow[]> {
      // `picking_type_code` is a related field: read, not searched on (not every ERP version searches it).
      const rows = await erp.searchRead(PICKING_MODEL, [['sale_id', '=', saleOrderId]], ['name', 'state', 'location_id', 'picking_type_code'], { order: 'id asc' });
      return rows
        .filter((r) => str(r, 'picking_type_code') === 'outgoing')
        .map((r) => ({ id: r.id, name: str(r, 'name'), state: str(r, 'state'), locationId: m2o(r, 'location_id') }));
    },
    /** The picking's state and `write_date` (what the change feed compares its echoes with), or null when gone. */
    async stateOf(pickingId: number): Promise<{ state: string; writeDate: string } | null> {
      const [row] = await erp.read(PICKING_MODEL, [pickingId], ['state', 'write_date']);
      return row ? { state: str(row, 'state'), writeDate: str(row, 'write_date') } : null;
    },
    async movesOf(pickingId: number): Promise<MoveRow[]> {
      const rows = await erp.searchRead('stock.move', [['picking_id', '=', pickingId]], ['product_id', 'product_uom_qty', 'state'], { order: 'id asc' });
      return rows.map((r) => ({ id: r.id, productId: m2o(r, 'product_id'), demand: num(r, 'product_uom_qty'), state: str(r, 'state') }));
    },
    /** Sets the done quantity of each move (absolute), marking it picked: only picked moves are delivered. */
    async setDone(quantities: ReadonlyMap<number, number>): Promise<void> {
      // One write per distinct quantity: the same vals go to every id of a write.
      const byQty = new Map<number, number[]>();
      for (const [moveId, q] of quantities) byQty.set(q, [...(byQty.get(q) ?? []), moveId]);
      for (const [q, ids] of byQty) await erp.write('stock.move', ids, { quantity: q, picked: true });
    },
    /** Validates; when Odoo asks about a backorder, answers "no backorder" (process_cancel_backorder). */
    async validateWithoutBackorder(pickingId: number): Promise<'validated' | 'validated-short'> {
      const answer = await erp.call(PICKING_MODEL, 'button_validate', [pickingId]);
      if (!isWizard(answer, 'stock.backorder.confirmation')) return 'validated';
      const context = answer.context ?? {};
      const [wizard] = await erp.create('stock.backorder.confirmation', [{}], { context });
      await erp.call('stock.backorder.confirmation', 'process_cancel_backorder', [wizard!], { context });
      return 'validated-short';
    },
  };
}

function isWizard(answer: unknown, model: string): answer is { res_model: string; context?: Record<string, unknown> } {
  return typeof answer === 'object' && answer !== null && (answer as { res_model?: unknown }).res_model === model;
}

export type FbaDeliveryGateway = ReturnType<typeof fbaDeliveryGateway>;
