/**
 * A labels test's world: a stack with both sandboxes (stock_delivery in the ERP), merchant-fulfilled orders
 * imported and confirmed in the ERP, the labels and shipments flows on with a ship-from address; helpers to get an
 * order's ready delivery, run the flow's buy task as a batch job would, and read what a warehouse worker sees
 * (attachments, tracking) and what Amazon holds (its labels, its calls).
 */
import { expect } from 'vitest';
import { taskList } from '../../connector/src/jobs/worker.ts';
import { LabelTasks } from '../../connector/src/sync/labels/index.ts';
import type { ErpRecord } from '../../connector/src/erp/erp-port.ts';
import { startStack, type Stack } from './connector-stack.ts';
import { sweepAndImport, syncStateOf } from './lifecycle.ts';
import { openDelivery } from './shipments.ts';
import type { AmazonSandboxOptions } from '../../sandbox/amazon/src/index.ts';

export const DE = 'A1PA6795UKMFR9';
export const SHIP_FROM = { name: 'Lager Nord', addressLine1: 'Hafenstrasse 1', city: 'Hamburg', stateOrRegion: 'HH', postalCode: '20457', countryCode: 'DE' };

export interface LabelsWorld {
  stack: Stack;
  /** Fresh merchant orders imported into the ERP: their ids and ready deliveries. */
  orders(count: number): Promise<Array<{ id: string; pickingId: number }>>;
  buy(pickingIds: number[]): Promise<void>;
  setLabels(settings: Record<string, unknown>): Promise<void>;
  attachments(pickingId: number): Promise<ErpRecord[]>;
  picking(pickingId: number): Promise<ErpRecord>;
  calls(operation: string): number;
  labelRows(pickingId: number): Promise<Array<{ state: string; code: string | null; idempotency_key: string; shipment_id: string | null; tracking_id: string | null; service_id: string | null }>>;
  close(): Promise<void>;
}

export async function startLabelsWorld(adminUrl: string, label: string, amazon: AmazonSandboxOptions = {}, erpModules: Array<'stock_delivery'> = ['stock_delivery']): Promise<LabelsWorld> {
  const stack = await startStack({ adminUrl, label, erpSandbox: { modules: erpModules }, amazon: { returnShare: 0, refundShare: 0, ...amazon } });
  await stack.env.core.backends.update(stack.backendId, { settings: { goLive: { labels: { enabled: true }, shipments: { enabled: true } }, labels: { shipFrom: SHIP_FROM } } });
  const world: LabelsWorld = {
    stack,
    async orders(count) {
      // A few more than asked: the odd generated order waits for something (a SKU, a VAT check) and is not imported.
      const ids = stack.amazon.generateOrders({ sellerId: stack.sellerId, count: count + 3, status: 'UNSHIPPED', marketplaceId: DE, business: false, fulfilledBy: 'MERCHANT',
        // Placed two to three hours ago: ship-by in about two days, deliver-by in about five (the sandbox's windows).
        createdFrom: new Date(Date.now() - 3 * 3_600_000).toISOString(), createdTo: new Date(Date.now() - 2 * 3_600_000).toISOString() });
      await sweepAndImport(stack);
      const out = [];
      for (const id of ids) {
        if ((await syncStateOf(stack, id))?.state !== 'imported') continue;
        const pickingId = await openDelivery(stack, id);
        await makeReady(stack, pickingId);
        out.push({ id, pickingId });
        if (out.length === count) break;
      }
      expect(out.length).toBe(count);
      return out;
    },
    async buy(pickingIds) {
      await taskList(stack.env)[LabelTasks.buy]!({ backendId: stack.backendId, pickingIds }, undefined as never);
    },
    async setLabels(settings) {
      const b = await stack.env.core.backends.get(stack.backendId);
      await stack.env.core.backends.update(stack.backendId, { settings: { labels: { ...b.settings.labels, ...settings } } });
      // As the settings API does: this process drops its runtime at once (NOTIFY reaches it moments later; a buy run
      // right after could still read the old rule on a loaded machine).
      await stack.env.runtimes.invalidate(stack.backendId);
    },
    attachments: (pickingId) => stack.erpClient.searchRead('ir.attachment', [['res_model', '=', 'stock.picking'], ['res_id', '=', pickingId]], ['name', 'mimetype', 'datas', 'file_size']),
    async picking(pickingId) {
      const [p] = await stack.erpClient.read('stock.picking', [pickingId], ['state', 'carrier_tracking_ref', 'carrier_id']);
      return p!;
    },
    calls: (operation) => stack.amazon.calls().operations.filter((o) => o.operation === operation).reduce((n, o) => n + o.calls, 0),
    async labelRows(pickingId) {
      const { rows } = await stack.env.db.pool.query(`select state, code, idempotency_key, shipment_id, tracking_id, service_id from shipping_label where backend_id = $1 and picking_id = $2 order by attempt`, [stack.backendId, pickingId]);
      return rows;
    },
    close: () => stack.close(),
  };
  return world;
}

/** The warehouse counts in what the delivery needs (an inventory adjustment) and reserves it: the delivery is Ready. */
export async function makeReady(stack: Stack, pickingId: number): Promise<void> {
  const erp = stack.erpClient;
  const [p] = await erp.read('stock.picking', [pickingId], ['state', 'location_id', 'move_ids']);
  if (p!.state === 'assigned') return;
  const moves = await erp.read('stock.move', p!.move_ids as number[], ['product_id', 'product_uom_qty']);
  const location = (p!.location_id as [number, string])[0];
  for (const m of moves) {
    const productId = (m.product_id as [number, string])[0];
    const [q] = await erp.searchRead('stock.quant', [['product_id', '=', productId], ['location_id', '=', location]], ['quantity']);
    const counted = await erp.create('stock.quant', [{ product_id: productId, location_id: location, inventory_quantity: Number(q?.quantity ?? 0) + Number(m.product_uom_qty) }], { context: { inventory_mode: true } });
    await erp.call('stock.quant', 'action_apply_inventory', counted, { context: { inventory_mode: true } });
  }
  await erp.call('stock.picking', 'action_assign', [pickingId]);
  const [again] = await erp.read('stock.picking', [pickingId], ['state']);
  expect(again!.state).toBe('assigned');
}
