/**
 * The ERP models and fields the fba-returns flow uses: the return receipt of an FBA order's delivery through Odoo's
 * `stock.return.picking` wizard (as returns-refunds-json2.jsonl records it: the wizard on the delivery, its line's
 * quantity, `action_create_returns`), routed to the pool's Stock or Unsellable location and validated; and the
 * internal transfer between the pool's two locations when Amazon revises a disposition. Each document carries our
 * marker in `origin`, which is what the look-up before any create searches for.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const PICKING = 'stock.picking';

const id = (row: ErpRecord, field: string): number | null => {
  const v = row[field];
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  return Number.isInteger(v) ? (v as number) : null;
};
const text = (row: ErpRecord, field: string): string => (typeof row[field] === 'string' ? (row[field] as string) : '');
const qty = (row: ErpRecord, field: string): number => (typeof row[field] === 'number' ? (row[field] as number) : 0);

export interface PickingRow { id: number; name: string; state: string; origin: string; locationDestId: number | null }
export interface MoveRow { id: number; productId: number | null; demand: number; quantity: number; state: string }

const pickingOf = (r: ErpRecord): PickingRow => ({ id: r.id, name: text(r, 'name'), state: text(r, 'state'), origin: text(r, 'origin'), locationDestId: id(r, 'location_dest_id') });

export function fbaReturnGateway(erp: ErpPort) {
  const movesOf = async (pickingId: number): Promise<MoveRow[]> =>
    (await erp.searchRead('stock.move', [['picking_id', '=', pickingId]], ['product_id', 'product_uom_qty', 'quantity', 'state'], { order: 'id asc' }))
      .map((r) => ({ id: r.id, productId: id(r, 'product_id'), demand: qty(r, 'product_uom_qty'), quantity: qty(r, 'quantity'), state: text(r, 'state') }));
  return {
    movesOf,
    async picking(pickingId: number): Promise<PickingRow | null> {
      const [r] = await erp.read(PICKING, [pickingId], ['name', 'state', 'origin', 'location_dest_id']);
      return r ? pickingOf(r) : null;
    },
    /** The return receipts of a delivery (`return_id`), oldest first. */
    async returnsOf(deliveryId: number): Promise<PickingRow[]> {
      return (await erp.searchRead(PICKING, [['return_id', '=', deliveryId]], ['name', 'state', 'origin', 'location_dest_id'], { order: 'id asc' })).map(pickingOf);
    },
    /** Pickings whose origin is `origin` (our marker; `prefix`: or starts with it and a space), not cancelled. */
    async byOrigin(origin: string, opts: { prefix?: boolean } = {}): Promise<PickingRow[]> {
      // `like` wraps in % and reads _ as a wildcard: the exact match is made here.
      const rows = await erp.searchRead(PICKING, [['origin', opts.prefix ? 'like' : '=', origin], ['state', '!=', 'cancel']], ['name', 'state', 'origin', 'location_dest_id'], { order: 'id asc' });
      return rows.map(pickingOf).filter((p) => p.origin === origin || (opts.prefix === true && p.origin.startsWith(`${origin} `)));
    },
    /** The return wizard on a done delivery, `quantity` units of `productId`: answers the new receipt's id. */
    async createReturn(deliveryId: number, productId: number, quantity: number): Promise<number> {
      const context = { active_model: PICKING, active_id: deliveryId, active_ids: [deliveryId] };
      const [wizard] = await erp.create('stock.return.picking', [{ picking_id: deliveryId }], { context });
      const [w] = await erp.read('stock.return.picking', [wizard!], ['product_return_moves']);
      const lineIds = (w?.product_return_moves as number[] | undefined) ?? [];
      const lines = await erp.read('stock.return.picking.line', lineIds, ['product_id']);
      const line = lines.find((l) => id(l, 'product_id') === productId);
      if (!line) throw new PermanentError('ERP_PROTOCOL', `the return wizard of delivery ${deliveryId} has no line of product ${productId}`, { deliveryId, productId });
      await erp.write('stock.return.picking.line', [line.id], { quantity });
      const action = (await erp.call('stock.return.picking', 'action_create_returns', [wizard!], { context })) as { res_id?: unknown };
      if (!Number.isInteger(action?.res_id)) throw new PermanentError('ERP_PROTOCOL', `the return wizard of delivery ${deliveryId} answered no receipt`, { deliveryId });
      return action.res_id as number;
    },
    /** Writes our marker and the destination (the pool's Stock or Unsellable) on a receipt and its moves. */
    async route(pickingId: number, origin: string, locationDestId: number): Promise<void> {
      await erp.write(PICKING, [pickingId], { origin, location_dest_id: locationDestId });
      const moves = await movesOf(pickingId);
      if (moves.length) await erp.write('stock.move', moves.map((m) => m.id), { location_dest_id: locationDestId });
    },
    /** An internal transfer of `quantity` units between two locations of the pool's warehouse, confirmed. */
    async createTransfer(t: { pickingTypeId: number; from: number; to: number; productId: number; quantity: number; origin: string }): Promise<number> {
      const [pickingId] = await erp.create(PICKING, [{
        picking_type_id: t.pickingTypeId, location_id: t.from, location_dest_id: t.to, origin: t.origin,
        move_ids: [[0, 0, { product_id: t.productId, product_uom_qty: t.quantity, location_id: t.from, location_dest_id: t.to }]],
      }]);
      await erp.call(PICKING, 'action_confirm', [pickingId!]);
      return pickingId!;
    },
    /** The warehouse's internal transfer type. */
    async internalTypeOf(warehouseId: number): Promise<number | null> {
      const [w] = await erp.read('stock.warehouse', [warehouseId], ['int_type_id']);
      return w ? id(w, 'int_type_id') : null;
    },
    /**
     * Every move's whole demand picked, then validated (the units are physically where Amazon says: nothing is
     * reserved from stock for a receipt, and the transfer's units may be unreserved after a count). The state after.
     */
    async validate(pickingId: number): Promise<string> {
      const moves = (await movesOf(pickingId)).filter((m) => m.state !== 'done' && m.state !== 'cancel');
      const byQty = new Map<number, number[]>();
      for (const m of moves) byQty.set(m.demand, [...(byQty.get(m.demand) ?? []), m.id]);
      for (const [q, ids] of byQty) await erp.write('stock.move', ids, { quantity: q, picked: true });
      await erp.call(PICKING, 'button_validate', [pickingId]);
      const [after] = await erp.read(PICKING, [pickingId], ['state']);
      return after ? text(after, 'state') : 'gone';
    },
  };
}

export type FbaReturnGateway = ReturnType<typeof fbaReturnGateway>;
