/**
 * The returns flow's ERP calls: the order's done deliveries and their moves, the return pickings already made of a
 * delivery, Odoo's public return wizard (`stock.return.picking` created on the delivery in the `active_id` context,
 * a quantity on each prefilled `product_return_moves` line of a returned product, `action_create_returns`, whose `res_id` is the receipt),
 * the RMA id and reason written on the receipt (`origin`, `note`), its validation. Stable from Odoo 17 to 19.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const STOCK_PICKING = 'stock.picking';
const WIZARD = 'stock.return.picking';
const WIZARD_LINE = 'stock.return.picking.line';

export interface PickingView {
  id: number;
  name: string;
  state: string;
  typeCode: string | null;
  origin: string | null;
  returnOf: number | null;
}

/** One product of a return picking and its units. */
export interface ReturnLine {
  productId: number;
  units: number;
}

export interface MoveView {
  pickingId: number;
  productId: number;
  /** Done units (a done move) or planned units (a return still waiting). */
  units: number;
  state: string;
}

const m2oId = (v: unknown): number | null => (Array.isArray(v) && Number.isInteger(v[0]) ? (v[0] as number) : null);
const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const PICKING_FIELDS = ['name', 'state', 'picking_type_code', 'origin', 'return_id'];
const pickingOf = (r: ErpRecord): PickingView => ({
  id: r.id, name: String(r.name), state: String(r.state), typeCode: text(r.picking_type_code), origin: text(r.origin), returnOf: m2oId(r.return_id),
});

/** The tag the flow writes into the receipt's `origin`: "Return of WH/OUT/00007 · Amazon RMA Dxx1234567RRMA". */
export const rmaTag = (rmaId: string): string => `Amazon RMA ${rmaId}`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Whether an origin carries the RMA's tag, whole (`ilike` also matches inside a longer id). */
export const hasRmaTag = (origin: string | null, rmaId: string): boolean => origin !== null && new RegExp(`${escape(rmaTag(rmaId))}(?![\\w-])`).test(origin);
const anyRmaTag = /Amazon RMA \S/;

export function returnPickingGateway(erp: ErpPort) {
  return {
    /** The sales order's done outgoing pickings (its deliveries), oldest first. */
    async doneDeliveriesOf(saleOrderId: number): Promise<PickingView[]> {
      const [so] = await erp.read('sale.order', [saleOrderId], ['picking_ids']);
      const ids = Array.isArray(so?.picking_ids) ? (so.picking_ids as number[]) : [];
      if (!ids.length) return [];
      const pickings = (await erp.read(STOCK_PICKING, ids, PICKING_FIELDS)).map(pickingOf);
      return pickings.filter((p) => p.state === 'done' && p.typeCode === 'outgoing' && p.returnOf === null).sort((a, b) => a.id - b.id);
    },

    /** The return pickings (not cancelled) made of these deliveries. */
    async returnsOf(deliveryIds: readonly number[]): Promise<PickingView[]> {
      if (!deliveryIds.length) return [];
      return (await erp.searchRead(STOCK_PICKING, [['return_id', 'in', [...deliveryIds]], ['state', '!=', 'cancel']], PICKING_FIELDS, { order: 'id asc' })).map(pickingOf);
    },

    /** Return pickings whose origin carries the RMA's tag (a run that crashed after tagging left it). */
    async findByRma(rmaId: string): Promise<PickingView[]> {
      const rows = await erp.searchRead(STOCK_PICKING, [['origin', 'ilike', rmaId], ['state', '!=', 'cancel']], PICKING_FIELDS, { order: 'id asc' });
      return rows.map(pickingOf).filter((p) => p.returnOf !== null && hasRmaTag(p.origin, rmaId));
    },

    /** Whether the flow tagged the picking with some RMA already. */
    taggedWithSomeRma: (p: PickingView): boolean => p.origin !== null && anyRmaTag.test(p.origin),

    /** The moves of the pickings (not cancelled), with their products and units. */
    async movesOf(pickingIds: readonly number[]): Promise<MoveView[]> {
      if (!pickingIds.length) return [];
      const rows = await erp.searchRead('stock.move', [['picking_id', 'in', [...pickingIds]], ['state', '!=', 'cancel']], ['picking_id', 'product_id', 'product_uom_qty', 'quantity', 'state']);
      return rows.flatMap((m) => {
        const pickingId = m2oId(m.picking_id);
        const productId = m2oId(m.product_id);
        if (pickingId === null || productId === null) return [];
        const units = m.state === 'done' ? Number(m.quantity) : Number(m.product_uom_qty);
        return [{ pickingId, productId, units, state: String(m.state) }];
      });
    },

    /** The internal references (SKUs) of products. */
    async codesOf(productIds: readonly number[]): Promise<Map<number, string | null>> {
      if (!productIds.length) return new Map();
      return new Map((await erp.read('product.product', [...new Set(productIds)], ['default_code'])).map((p) => [p.id, text(p.default_code)]));
    },

    async readPicking(id: number): Promise<PickingView | null> {
      const [r] = await erp.read(STOCK_PICKING, [id], PICKING_FIELDS);
      return r ? pickingOf(r) : null;
    },

    /**
     * Odoo's return wizard on `deliveryId` for several products at once (one receipt with a move per product, as a
     * person filling several lines of the wizard): each product's units spread over the delivery's wizard lines of
     * that product, each up to what it delivered; answers the new receipt's id. The receipt waits (`assigned`).
     */
    async createReturn(deliveryId: number, wanted: readonly ReturnLine[]): Promise<number> {
      const context = { active_model: STOCK_PICKING, active_id: deliveryId, active_ids: [deliveryId] };
      const [wizard] = await erp.create(WIZARD, [{ picking_id: deliveryId }], { context });
      const [w] = await erp.read(WIZARD, [wizard!], ['product_return_moves'], { context });
      const lineIds = Array.isArray(w?.product_return_moves) ? (w.product_return_moves as number[]) : [];
      const all = await erp.read(WIZARD_LINE, lineIds, ['product_id', 'move_quantity'], { context });
      for (const { productId, units } of wanted) {
        const lines = all.filter((l) => m2oId(l.product_id) === productId);
        if (!lines.length) throw new PermanentError('ERP_PROTOCOL', `the return wizard of picking ${deliveryId} has no line of product ${productId}`, { deliveryId, productId });
        let left = units;
        for (const [i, l] of lines.entries()) {
          if (left <= 0) break;
          const take = i === lines.length - 1 ? left : Math.min(left, Number(l.move_quantity) || left);
          await erp.write(WIZARD_LINE, [l.id], { quantity: take }, { context });
          left -= take;
        }
      }
      const action = (await erp.call(WIZARD, 'action_create_returns', [wizard!], { context })) as { res_id?: unknown } | null;
      const id = action?.res_id;
      if (!Number.isInteger(id)) throw new PermanentError('ERP_PROTOCOL', `the return wizard of picking ${deliveryId} answered no receipt`, { deliveryId });
      return id as number;
    },

    /** Writes the RMA id into the receipt's origin (kept after Odoo's "Return of ...") and the reason into its note. */
    async tag(picking: PickingView, rmaId: string, note: string): Promise<void> {
      const origin = picking.origin ? `${picking.origin} · ${rmaTag(rmaId)}` : rmaTag(rmaId);
      await erp.write(STOCK_PICKING, [picking.id], { origin, note: `<p>${note.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!)}</p>` });
    },

    /** Validates the receipt (its units are reserved from the customer location): true when Odoo says done. */
    async validate(pickingId: number): Promise<boolean> {
      return (await erp.call(STOCK_PICKING, 'button_validate', [pickingId])) === true;
    },
  };
}

export type ReturnPickingGateway = ReturnType<typeof returnPickingGateway>;
