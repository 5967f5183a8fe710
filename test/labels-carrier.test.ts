/**
 * The carrier of a label in the ERP (issue 15): with stock_delivery the delivery gets `carrier_id`, a
 * `delivery.carrier` named after Amazon's carrier found or created as Odoo's set-up makes one (fixed price 0, a
 * service product), once for all the deliveries it carries; without the module only the tracking number is written.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { carrierProductCode } from '../connector/src/sync/labels/erp/label-carrier.ts';
import { startLabelsWorld, type LabelsWorld } from './support/labels.ts';

const worlds: LabelsWorld[] = [];
afterAll(async () => { await Promise.all(worlds.map((w) => w.close())); });

describe('labels: the carrier in the ERP', () => {
  it('creates the delivery.carrier of the label\'s carrier once (fixed price, service product) and writes it on every delivery it carries', async () => {
    const w = await startLabelsWorld(inject('pgAdminUrl'), 'labels_carrier');
    worlds.push(w);
    const orders = await w.orders(3);
    await w.buy(orders.map((o) => o.pickingId));
    const rows = (await Promise.all(orders.map((o) => w.stack.env.db.pool.query(`select carrier_id, carrier_name from shipping_label where backend_id = $1 and picking_id = $2 and state = 'bought'`, [w.stack.backendId, o.pickingId])))).map((r) => r.rows[0]!);
    const names = [...new Set(rows.map((r) => String(r.carrier_name)))];
    const carriers = await w.stack.erpClient.searchRead('delivery.carrier', [['name', 'in', names]], ['name', 'delivery_type', 'fixed_price', 'product_id']);
    // One carrier per Amazon carrier name, however many deliveries it carries.
    expect(carriers.map((c) => c.name).sort()).toEqual([...names].sort());
    for (const c of carriers) {
      expect(c).toMatchObject({ delivery_type: 'fixed', fixed_price: 0 });
      const [p] = await w.stack.erpClient.read('product.product', [(c.product_id as [number, string])[0]], ['type', 'default_code', 'sale_ok']);
      expect(p).toMatchObject({ type: 'service', sale_ok: false });
      expect(String(p!.default_code)).toMatch(/^AMZ-SHIP-/);
    }
    for (const [i, o] of orders.entries()) {
      const carrier = carriers.find((c) => c.name === rows[i]!.carrier_name)!;
      expect(((await w.picking(o.pickingId)).carrier_id as [number, string])[0]).toBe(carrier.id);
      expect(carrierProductCode(String(rows[i]!.carrier_id))).toMatch(/^AMZ-SHIP-[A-Z0-9-]+$/);
    }
  });

  it('an ERP without stock_delivery: the tracking number alone, the label bought all the same', async () => {
    const w = await startLabelsWorld(inject('pgAdminUrl'), 'labels_nocarrier', {}, []);
    worlds.push(w);
    const [o] = await w.orders(1);
    await w.buy([o!.pickingId]);
    const [label] = w.stack.amazon.labels(o!.id);
    const [p] = await w.stack.erpClient.read('stock.picking', [o!.pickingId], ['carrier_tracking_ref']);
    expect(p!.carrier_tracking_ref).toBe(label!.trackingIds[0]);
    expect((await w.labelRows(o!.pickingId)).map((r) => r.state)).toEqual(['bought']);
  });
});
