/**
 * The ERP side of the shipments flow: the one place naming the models and fields it reads (`stock.picking` with
 * `stock_delivery`'s carrier fields, `stock.move`, `product.product`), returning typed rows.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

/** The fields the change feed watches and the flow reads on a delivery. */
export const PICKING_FIELDS = ['state', 'date_done', 'sale_id', 'carrier_id', 'carrier_tracking_ref', 'move_ids', 'backorder_id', 'picking_type_code'] as const;

/** One product's units on a done delivery. */
export interface ShippedMove {
  productId: number;
  quantity: number;
}

/** A delivery as the flow needs it. */
export interface Picking {
  id: number;
  name: string | null;
  state: string;
  /** ISO 8601 (UTC), from Odoo's `YYYY-MM-DD HH:MM:SS`. */
  dateDone: string | null;
  saleId: number | null;
  carrierName: string | null;
  trackingRef: string | null;
  backorderOf: number | null;
  outgoing: boolean;
  /** Done moves only, with the quantity this delivery moved. */
  moves: ShippedMove[];
}

const bad = (row: ErpRecord, field: string) =>
  new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} has an unexpected type`, { id: row.id, field });

function m2o(row: ErpRecord, field: string): { id: number; name: string | null } | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v === 'number') return { id: v, name: null };
  if (Array.isArray(v) && Number.isInteger(v[0])) return { id: v[0] as number, name: typeof v[1] === 'string' ? v[1] : null };
  throw bad(row, field);
}

function optText(row: ErpRecord, field: string): string | null {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v !== 'string') throw bad(row, field);
  return v;
}

/** Odoo's UTC `YYYY-MM-DD HH:MM:SS` as ISO 8601 with a Z. */
export function odooUtcToIso(v: string): string {
  const d = new Date(`${v.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(d.getTime())) throw new PermanentError('ERP_PROTOCOL', `the ERP's date ${v} cannot be read`, {});
  return d.toISOString();
}

/** The delivery reads of the flow over one ERP connection. */
export function pickingGateway(erp: ErpPort) {
  return {
    /** The pickings of `ids` that exist, with their done moves (two calls). */
    async pickings(ids: readonly number[]): Promise<Picking[]> {
      if (!ids.length) return [];
      const rows = await erp.read('stock.picking', ids, ['name', ...PICKING_FIELDS]);
      const moveIds = rows.flatMap((r) => (Array.isArray(r.move_ids) ? (r.move_ids as number[]) : []));
      const moves = moveIds.length ? await erp.read('stock.move', moveIds, ['picking_id', 'product_id', 'quantity', 'state']) : [];
      const byPicking = new Map<number, ShippedMove[]>();
      for (const m of moves) {
        const picking = m2o(m, 'picking_id');
        const product = m2o(m, 'product_id');
        const qty = m.quantity;
        if (!picking || !product || optText(m, 'state') !== 'done') continue;
        if (typeof qty !== 'number') throw bad(m, 'quantity');
        if (qty <= 0) continue;
        byPicking.set(picking.id, [...(byPicking.get(picking.id) ?? []), { productId: product.id, quantity: qty }]);
      }
      return rows.map((r) => {
        const done = optText(r, 'date_done');
        return {
          id: r.id,
          name: optText(r, 'name'),
          state: optText(r, 'state') ?? '',
          dateDone: done ? odooUtcToIso(done) : null,
          saleId: m2o(r, 'sale_id')?.id ?? null,
          carrierName: m2o(r, 'carrier_id')?.name ?? null,
          trackingRef: optText(r, 'carrier_tracking_ref')?.trim() || null,
          backorderOf: m2o(r, 'backorder_id')?.id ?? null,
          outgoing: optText(r, 'picking_type_code') === 'outgoing',
          moves: byPicking.get(r.id) ?? [],
        };
      });
    },

    /** Every done delivery (outgoing) of the sale orders `saleIds`, with its done moves (three calls). */
    async doneDeliveriesOf(saleIds: readonly number[]): Promise<Picking[]> {
      if (!saleIds.length) return [];
      // The operation type is filtered on the rows read: `picking_type_code` is a related field, not stored.
      const ids = await erp.search('stock.picking', [['sale_id', 'in', [...saleIds]], ['state', '=', 'done']], { order: 'id asc' });
      return (await this.pickings(ids)).filter((p) => p.outgoing);
    },

    /** Products whose internal reference is one of `codes`: code -> product ids (one call). */
    async productsByCode(codes: readonly string[]): Promise<Map<string, number[]>> {
      const out = new Map<string, number[]>();
      if (!codes.length) return out;
      const rows = await erp.searchRead('product.product', [['default_code', 'in', [...codes]]], ['default_code'], { order: 'id asc' });
      for (const p of rows) {
        const code = optText(p, 'default_code');
        if (code) out.set(code, [...(out.get(code) ?? []), p.id]);
      }
      return out;
    },
  };
}

export type PickingGateway = ReturnType<typeof pickingGateway>;
