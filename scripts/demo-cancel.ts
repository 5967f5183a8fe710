/**
 * The demo's cancel desk: a person in the ERP who, now and then, cancels an order the buyer phoned about before it
 * ships, through the ERP's public API (JSON-2) as the "Cancel" button does (`sale.order` `action_cancel`; Odoo 19
 * cancels at once, its delivery with it). It takes every `every`-th ERP sales order (by id) that still has an open
 * merchant delivery; the warehouse worker (demo-warehouse.ts) leaves those orders alone (`isHeld`), so the desk
 * has time to reach them. The cancellations flow then sends each to Amazon as a seller cancellation in an
 * order-acknowledgement feed and reads its processing report. Orders Amazon itself cancelled, or FBA orders, are
 * not the desk's.
 */
import { connectOdoo } from '../connector/src/erp/odoo/connect-odoo.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';

export interface CancelDeskOptions {
  url: string;
  database: string;
  apiKey: string;
  log: (line: string) => void;
  /** Every how many ERP orders one is cancelled (default 9). */
  every?: number;
  /** Seconds between rounds (default 7: an order is cancelled within seconds of its import). */
  everySeconds?: number;
}

export interface CancelDesk {
  /** True for an ERP sales order the desk will cancel: the warehouse does not ship it. */
  isHeld(saleOrderId: number): boolean;
  /** ERP orders cancelled so far, by name, with their Amazon order id. */
  cancelled(): Array<{ name: string; amazonOrderId: string }>;
  stop(): void;
}

/** Starts the desk; it runs until `stop()`. */
export function startCancelDesk(o: CancelDeskOptions): CancelDesk {
  const every = o.every ?? 9;
  let stopped = false;
  let erp: OdooClient | undefined;
  const done: Array<{ name: string; amazonOrderId: string }> = [];
  const tried = new Set<number>();
  const isHeld = (id: number) => id % every === 0 && !tried.has(id);
  const round = async () => {
    erp ??= await connectOdoo({ url: o.url, database: o.database, apiKey: o.apiKey, transport: 'json2' });
    // The same open merchant deliveries the warehouse worker looks at (not the FBA pools' ones).
    const pools = await erp.search('stock.warehouse', [['code', '=like', 'FBA%']]);
    const open = await erp.searchRead('stock.picking',
      [['state', 'in', ['assigned', 'confirmed']], ['sale_id', '!=', false], ['picking_type_id.warehouse_id', 'not in', pools]],
      ['sale_id', 'picking_type_code'], { order: 'id asc' });
    const outgoing = open.filter((p) => p.picking_type_code === 'outgoing');
    const ids = [...new Set(outgoing.map((p) => (p.sale_id as [number, string])[0]))].filter(isHeld);
    for (const id of ids) {
      if (stopped) return;
      tried.add(id);
      try {
        const [so] = await erp.read('sale.order', [id], ['name', 'client_order_ref', 'state']);
        if (!so || so.state !== 'sale') continue;
        const r = await erp.call('sale.order', 'action_cancel', [id]);
        if (r !== true) throw new Error(`action_cancel answered ${JSON.stringify(r).slice(0, 120)}`);
        done.push({ name: String(so.name), amazonOrderId: String(so.client_order_ref) });
        o.log(`cancel desk: ${String(so.name)} (Amazon ${String(so.client_order_ref)}) cancelled in the ERP before shipping: the connector tells Amazon in a feed`);
      } catch (e) {
        o.log(`cancel desk: order ${id} not cancelled: ${(e as Error).message.slice(0, 160)}`);
      }
    }
  };
  const loop = async () => {
    while (!stopped) {
      await round().catch((e: unknown) => o.log(`cancel desk: ${(e as Error).message.slice(0, 160)}`));
      await new Promise((r) => setTimeout(r, (o.everySeconds ?? 7) * 1000).unref());
    }
  };
  void loop();
  return {
    isHeld,
    cancelled: () => [...done],
    stop() {
      stopped = true;
      void erp?.close();
    },
  };
}
