/**
 * The demo's warehouse worker: every few seconds it validates the open deliveries of the ERP's sales orders through
 * the ERP's public API (JSON-2), as a person at the packing table would: picked quantities, a carrier and a
 * tracking number, `button_validate`, and the backorder wizard when a box goes out short. Most deliveries are
 * whole and well labelled; every fifth ships one unit less (a partial delivery, its backorder a later package)
 * and every seventh carries a mistyped tracking number (the connector raises TRACKING_INVALID and sends nothing).
 * The shipments flow then confirms each delivery to Amazon. The FBA pools' deliveries are not the worker's.
 */
import { connectOdoo } from '../connector/src/erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import { demoCarrierId } from './lib/demo-carriers.ts';

export interface WarehouseOptions {
  url: string;
  database: string;
  apiKey: string;
  log: (line: string) => void;
  /** Seconds between rounds (default 10: each order is shipped within a minute of its import). */
  everySeconds?: number;
  /** ERP sales orders not to ship (the cancel desk's, demo-cancel.ts: the buyer asked to cancel them). */
  isHeld?: (saleOrderId: number) => boolean;
  /** A delivery is packed this long after the worker first saw it (default 0: at once). */
  minAgeSeconds?: number;
}

/**
 * The carriers the warehouse uses, and a tracking number of each carrier's format. A delivery that came with one of
 * them (the connector's carrier map, lib/demo-carriers.ts) keeps it; the others get the next in turn.
 */
const CARRIERS: Array<{ name: string; tracking: (n: number) => string }> = [
  { name: 'DPD Classic', tracking: (n) => String(1_550_000_000_0000 + n * 7_919).padStart(14, '0') },
  { name: 'GLS Business Parcel', tracking: (n) => String(40_000_000_000 + n * 104_729).slice(0, 11) },
  { name: 'DHL Paket', tracking: (n) => `00340434${String(100_000_000_000 + n * 7_919).slice(0, 12)}` },
];

async function carrierIds(erp: OdooClient): Promise<number[]> {
  const ids: number[] = [];
  for (const c of CARRIERS) ids.push(await demoCarrierId(erp, c.name));
  return ids;
}

/** Validates one delivery; returns what a person would note about it. */
async function ship(erp: OdooClient, pickingId: number, n: number, carriers: number[]): Promise<string> {
  const [p] = await erp.read('stock.picking', [pickingId], ['name', 'move_ids', 'carrier_id', 'carrier_tracking_ref']);
  const moves = await erp.read('stock.move', p!.move_ids as number[], ['product_uom_qty']);
  // A delivery with a Buy Shipping label (the labels flow wrote its tracking) goes out whole, with that label.
  const labelled = typeof p!.carrier_tracking_ref === 'string' && p!.carrier_tracking_ref !== '';
  const partial = !labelled && n % 5 === 0 && moves.some((m) => (m.product_uom_qty as number) >= 2);
  let shortened = false;
  for (const m of moves) {
    const demand = m.product_uom_qty as number;
    const qty: number = partial && !shortened && demand >= 2 ? demand - 1 : demand;
    shortened ||= qty < demand;
    await erp.write('stock.move', [m.id], { quantity: qty, picked: true });
  }
  // The order's carrier (from the sales order), else the next in turn.
  const given = Array.isArray(p!.carrier_id) ? carriers.indexOf((p!.carrier_id as [number, string])[0]) : -1;
  const c = given >= 0 ? given : n % 2; // DPD and GLS in turn, as before the carrier map
  const bad = !labelled && n % 7 === 3;
  const tracking = labelled ? String(p!.carrier_tracking_ref) : bad ? `${CARRIERS[c]!.tracking(n).slice(0, 5)}/X` : CARRIERS[c]!.tracking(n);
  if (!labelled) await erp.write('stock.picking', [pickingId], { carrier_id: carriers[c]!, carrier_tracking_ref: tracking });
  const r = await erp.call('stock.picking', 'button_validate', [pickingId]);
  if (r !== true) {
    const context = (r as { context: Record<string, unknown> }).context;
    const [wizard] = await erp.create('stock.backorder.confirmation', [{}], { context });
    await erp.call('stock.backorder.confirmation', 'process', [wizard!], { context });
  }
  return `${String(p!.name)} ${labelled ? 'Buy Shipping label' : CARRIERS[c]!.name} ${tracking}${partial ? ' (partial, backorder created)' : ''}${bad ? ' (mistyped tracking)' : ''}`;
}

/** Starts the worker; the returned function stops it. */
export function startWarehouseWorker(o: WarehouseOptions): () => void {
  let stopped = false;
  let shipped = 0;
  let erp: OdooClient | undefined;
  let carriers: number[] | undefined;
  const firstSeen = new Map<number, number>();
  const ripe = (id: number) => {
    if (!firstSeen.has(id)) firstSeen.set(id, Date.now());
    return Date.now() - firstSeen.get(id)! >= (o.minAgeSeconds ?? 0) * 1000;
  };
  const round = async () => {
    erp ??= await connectOdoo({ url: o.url, database: o.database, apiKey: o.apiKey, transport: 'json2' });
    carriers ??= await carrierIds(erp);
    // Not the FBA pools' deliveries (warehouses FBAEU, FBAUK...): Amazon ships those, and the fba flow validates
    // them with the quantities Amazon shipped.
    const pools = await erp.search('stock.warehouse', [['code', '=like', 'FBA%']]);
    const open = await erp.searchRead('stock.picking',
      [['state', 'in', ['assigned', 'confirmed']], ['sale_id', '!=', false], ['picking_type_id.warehouse_id', 'not in', pools]],
      ['picking_type_code', 'sale_id'], { limit: o.minAgeSeconds ? 60 : 20, order: 'id asc' });
    const held = (x: Record<string, unknown>) => Boolean(o.isHeld?.((x.sale_id as [number, string])[0]));
    for (const p of open.filter((x) => x.picking_type_code === 'outgoing' && !held(x) && ripe(x.id))) {
      if (stopped) return;
      try {
        o.log(`warehouse: shipped ${await ship(erp, p.id, ++shipped, carriers)}`);
      } catch (e) {
        o.log(`warehouse: ${p.id} not shipped: ${(e as Error).message.slice(0, 160)}`);
      }
    }
  };
  const loop = async () => {
    while (!stopped) {
      await round().catch((e: unknown) => o.log(`warehouse: ${(e as Error).message.slice(0, 160)}`));
      await new Promise((r) => setTimeout(r, (o.everySeconds ?? 10) * 1000).unref());
    }
  };
  void loop();
  return () => {
    stopped = true;
    void erp?.close();
  };
}
