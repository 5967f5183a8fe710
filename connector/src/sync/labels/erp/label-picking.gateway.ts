/**
 * The ERP side of the labels flow: the one place naming the models and fields it reads and writes.
 * Reads: `stock.picking` (state, operation type, sale order, `carrier_tracking_ref`, moves), `stock.move` (product,
 * demand), `product.product` (`weight` in kg and `volume` in m3, as Odoo's product fields have them). Writes: the
 * label as `ir.attachment` on the delivery (`res_model` stock.picking, PDF and ZPL), the tracking number
 * (`carrier_tracking_ref`) and the carrier (`carrier_id`, stock_delivery's `delivery.carrier`: label-carrier.ts);
 * voiding unlinks the attachments and clears the tracking.
 */
import { PermanentError } from '../../../core/errors.ts';
import type { ErpPort, ErpRecord } from '../../../erp/erp-port.ts';

export const STOCK_PICKING = 'stock.picking';
/** What the change feed watches: a delivery becoming ready, its tracking written or cleared. */
export const WATCHED_FIELDS = ['state', 'carrier_tracking_ref', 'sale_id', 'picking_type_code'] as const;

/** A delivery as the flow needs it. */
export interface LabelPicking {
  id: number;
  name: string;
  state: string;
  outgoing: boolean;
  saleId: number | null;
  trackingRef: string | null;
  /** Demand per product (the units to pack). */
  lines: { productId: number; units: number }[];
  /**
   * The reserved move lines with their destination package (Odoo's `result_package_id`, set by "Put in Pack"),
   * read only when asked (`withPacking`): empty otherwise.
   */
  packedLines: PackedLine[];
}

/** A move line of the delivery: what it holds and the ERP package it goes in (null: not packed). */
export interface PackedLine {
  productId: number;
  units: number;
  package: { id: number; name: string } | null;
}

/** A product's shipping data as the ERP keeps it (0 when not filled in). */
export interface ProductShipping {
  weightKg: number;
  volumeM3: number;
}

const bad = (row: ErpRecord, field: string) => new PermanentError('ERP_PROTOCOL', `the ERP's field ${field} of record ${row.id} has an unexpected type`, { id: row.id, field });
const m2oId = (row: ErpRecord, field: string): number | null => {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  if (Array.isArray(v) && Number.isInteger(v[0])) return v[0] as number;
  throw bad(row, field);
};
const m2oRef = (row: ErpRecord, field: string): { id: number; name: string } | null => {
  const id = m2oId(row, field);
  if (id === null) return null;
  const v = row[field];
  return { id, name: Array.isArray(v) && typeof v[1] === 'string' ? v[1] : String(id) };
};
const text = (row: ErpRecord, field: string): string | null => {
  const v = row[field];
  if (v === false || v === null || v === undefined) return null;
  if (typeof v !== 'string') throw bad(row, field);
  return v.trim() || null;
};
const num = (row: ErpRecord, field: string): number => (typeof row[field] === 'number' ? (row[field] as number) : 0);

export function labelPickingGateway(erp: ErpPort) {
  return {
    /**
     * The deliveries of `ids` that exist, with their demand per product (two calls) and, `withPacking`, their move
     * lines' packages (one more: `stock.move.line`'s `result_package_id`, a field of the base stock module in Odoo
     * 17 to 19, whose package model is `stock.quant.package` up to 18 and `stock.package` in 19: only the
     * many2one's id and name are read, so the model's name does not matter here).
     */
    async pickings(ids: readonly number[], o: { withPacking?: boolean } = {}): Promise<LabelPicking[]> {
      if (!ids.length) return [];
      const rows = await erp.read(STOCK_PICKING, ids, ['name', ...WATCHED_FIELDS, 'move_ids']);
      const moveIds = rows.flatMap((r) => (Array.isArray(r.move_ids) ? (r.move_ids as number[]) : []));
      const moves = moveIds.length ? await erp.read('stock.move', moveIds, ['picking_id', 'product_id', 'product_uom_qty', 'state']) : [];
      const lines = o.withPacking ? await erp.searchRead('stock.move.line', [['picking_id', 'in', rows.map((r) => r.id)]], ['picking_id', 'product_id', 'quantity', 'result_package_id'], { order: 'id asc' }) : [];
      return rows.map((r) => ({
        id: r.id,
        name: text(r, 'name') ?? String(r.id),
        state: text(r, 'state') ?? '',
        outgoing: text(r, 'picking_type_code') === 'outgoing',
        saleId: m2oId(r, 'sale_id'),
        trackingRef: text(r, 'carrier_tracking_ref'),
        lines: moves.filter((m) => m2oId(m, 'picking_id') === r.id && text(m, 'state') !== 'cancel' && m2oId(m, 'product_id') !== null)
          .map((m) => ({ productId: m2oId(m, 'product_id')!, units: num(m, 'product_uom_qty') })),
        packedLines: lines.filter((l) => m2oId(l, 'picking_id') === r.id && m2oId(l, 'product_id') !== null)
          .map((l) => ({ productId: m2oId(l, 'product_id')!, units: num(l, 'quantity'), package: m2oRef(l, 'result_package_id') })),
      }));
    },

    /** Weight and volume of `productIds` (one call). */
    async productShipping(productIds: readonly number[]): Promise<Map<number, ProductShipping>> {
      const ids = [...new Set(productIds)];
      if (!ids.length) return new Map();
      const rows = await erp.read('product.product', ids, ['weight', 'volume']);
      return new Map(rows.map((r) => [r.id, { weightKg: num(r, 'weight'), volumeM3: num(r, 'volume') }]));
    },

    /** Ready outgoing deliveries without tracking among the sale orders `saleIds` (the batch's candidates). */
    async readyDeliveriesOf(saleIds: readonly number[]): Promise<number[]> {
      if (!saleIds.length) return [];
      return erp.search(STOCK_PICKING, [['sale_id', 'in', [...saleIds]], ['state', '=', 'assigned'], ['carrier_tracking_ref', '=', false]], { order: 'id asc' });
    },

    /** The label files as attachments of the delivery; returns their ids (one call). */
    async attach(pickingId: number, files: { name: string; mimetype: string; bytes: Buffer }[]): Promise<number[]> {
      return erp.create('ir.attachment', files.map((f) => ({ name: f.name, res_model: STOCK_PICKING, res_id: pickingId, type: 'binary', mimetype: f.mimetype, datas: f.bytes.toString('base64') })));
    },

    /** Attachments of the delivery named `prefix*` (a crashed run's files, found again before attaching twice). */
    async attachmentsNamed(pickingId: number, prefix: string): Promise<number[]> {
      return erp.search('ir.attachment', [['res_model', '=', STOCK_PICKING], ['res_id', '=', pickingId], ['name', '=like', `${prefix}%`]]);
    },

    /** Tracking number(s) and carrier on the delivery (`carrierId` null: the ERP has no carriers, the tracking alone). */
    async writeTracking(pickingId: number, trackingRef: string, carrierId: number | null): Promise<void> {
      await erp.write(STOCK_PICKING, [pickingId], { carrier_tracking_ref: trackingRef, ...(carrierId ? { carrier_id: carrierId } : {}) });
    },

    /** A voided label: its attachments removed and the tracking cleared (only if it is still this label's). */
    async clearLabel(pickingId: number, attachmentIds: readonly number[], trackingRef: string | null): Promise<void> {
      if (attachmentIds.length) {
        const existing = await erp.search('ir.attachment', [['id', 'in', [...attachmentIds]]]);
        if (existing.length) await erp.unlink('ir.attachment', existing);
      }
      if (!trackingRef) return;
      const [p] = await this.pickings([pickingId]);
      if (p && trackingRef && p.trackingRef === trackingRef) await erp.write(STOCK_PICKING, [pickingId], { carrier_tracking_ref: false });
    },
  };
}

export type LabelPickingGateway = ReturnType<typeof labelPickingGateway>;
