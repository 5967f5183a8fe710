/**
 * The ERP side of the FBA stock comparison: the quantity of every product in a pool's Stock and Unsellable
 * locations (`stock.quant` `quantity`, read in pages), and the absolute count of one product in one location
 * (`inventory_quantity` in `inventory_mode` on its quant, created when none, then `action_apply_inventory`, as
 * inventory-json2.jsonl records Odoo 19 doing it). The pool's warehouse and locations come from the fba flow.
 */
import type { ErpPort } from '../../../erp/erp-port.ts';
import { quantQuantity, quantRow } from './quant-row.ts';

const QUANT = 'stock.quant';
const PAGE = 2000;
const INVENTORY_MODE = { inventory_mode: true };

/** Units per product per location: `quantities.get(locationId)?.get(productId)`. */
export type LocationQuantities = Map<number, Map<number, number>>;

/** The location-stock gateway over one ERP connection. */
export function locationStockGateway(erp: ErpPort) {
  return {
    /** Every product's quantity in these locations (exactly these, not their children), summed over quants. */
    async quantitiesIn(locationIds: readonly number[]): Promise<LocationQuantities> {
      const out: LocationQuantities = new Map(locationIds.map((id) => [id, new Map<number, number>()]));
      for (let offset = 0; ; offset += PAGE) {
        const rows = await erp.searchRead(QUANT, [['location_id', 'in', [...locationIds]]], ['product_id', 'location_id', 'quantity'], { limit: PAGE, offset, order: 'id' });
        for (const r of rows.map(quantRow)) {
          const at = out.get(r.locationId);
          if (at) at.set(r.productId, (at.get(r.productId) ?? 0) + r.quantity);
        }
        if (rows.length < PAGE) return out;
      }
    },

    /** One product's quantity in one location now (re-read before an approved count is applied). */
    async quantityOf(productId: number, locationId: number): Promise<number> {
      const rows = await erp.searchRead(QUANT, [['product_id', '=', productId], ['location_id', '=', locationId]], ['quantity']);
      return rows.reduce((s, r) => s + quantQuantity(r), 0);
    },

    /**
     * Counts `quantity` units of `productId` in `locationId` and applies it: afterwards the location holds exactly
     * that (absolute: a repeat changes nothing). A create in inventory mode counts on the (product, location)'s
     * existing quant when there is one, as Odoo does (inventory-json2.jsonl); the pools' locations hold no lots or
     * packages, so one quant per product.
     */
    async applyCount(productId: number, locationId: number, quantity: number): Promise<void> {
      const ids = await erp.create(QUANT, [{ product_id: productId, location_id: locationId, inventory_quantity: quantity }], { context: INVENTORY_MODE });
      await erp.call(QUANT, 'action_apply_inventory', ids, { context: INVENTORY_MODE });
    },
  };
}

export type LocationStockGateway = ReturnType<typeof locationStockGateway>;
