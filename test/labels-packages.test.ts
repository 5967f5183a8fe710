/**
 * Several packages per delivery (issue 15), in-process against both sandboxes over HTTP: a delivery the warehouse
 * packed in the ERP (move lines' `result_package_id`, Odoo 19's `stock.package`) gets one label per ERP package,
 * each bought once under its own idempotency key and attached, every tracking number written comma-joined in
 * `carrier_tracking_ref`; a second run buys nothing; the void cancels every package's label. A delivery the
 * ERP did not pack is split by the backend's weight rule (`labels.maxPackageGrams`).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { voidLabel } from '../connector/src/sync/labels/void-label.ts';
import { startLabelsWorld, type LabelsWorld } from './support/labels.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let w: LabelsWorld;
/** Ready deliveries of more than one product (about half the generated orders), with their move lines. */
const multi: Array<{ id: string; pickingId: number; lines: Obj[] }> = [];

beforeAll(async () => {
  w = await startLabelsWorld(inject('pgAdminUrl'), 'labels_packages');
  for (const o of await w.orders(14)) {
    const lines = await w.stack.erpClient.searchRead('stock.move.line', [['picking_id', '=', o.pickingId]], ['product_id', 'quantity', 'result_package_id'], { order: 'id asc' });
    if (new Set(lines.map((l) => (l.product_id as [number, string])[0])).size >= 2) multi.push({ ...o, lines });
  }
  expect(multi.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => w?.close());

const amazonOrder = (id: string) => w.stack.amazon.getOrder(id).order as Obj;

describe('labels: one label per package', () => {
  it("a delivery packed in the ERP: one label per ERP package, keys per package, tracking numbers comma-joined; bought once; void cancels them all", async () => {
    const o = multi[0]!;
    // The warehouse puts the first product's lines in one package and the rest in another ("Put in Pack").
    const [p1, p2] = await w.stack.erpClient.create('stock.package', [{}, {}]);
    const [first, ...rest] = o.lines;
    await w.stack.erpClient.write('stock.move.line', [first!.id], { result_package_id: p1 });
    await w.stack.erpClient.write('stock.move.line', rest.map((l) => l.id), { result_package_id: p2 });
    const names = (await w.stack.erpClient.read('stock.package', [p1!, p2!], ['name'])).map((p) => String(p.name));
    expect(names.every((n) => /^PACK\d{7}$/.test(n))).toBe(true);

    await w.buy([o.pickingId]);
    const labels = w.stack.amazon.labels(o.id);
    expect(labels).toHaveLength(2);
    const rows = await w.labelRows(o.pickingId);
    expect(rows.map((r) => [r.state, r.idempotency_key])).toEqual([
      ['bought', `lbl-${w.stack.backendId}-${o.pickingId}-1-1`], ['bought', `lbl-${w.stack.backendId}-${o.pickingId}-2-1`]]);
    const files = await w.attachments(o.pickingId);
    expect(files.map((f) => f.mimetype)).toEqual(['application/pdf', 'application/pdf']);
    const tracking = rows.map((r) => r.tracking_id).join(',');
    expect((await w.picking(o.pickingId)).carrier_tracking_ref).toBe(tracking);
    expect(new Set(labels.flatMap((l) => l.trackingIds))).toEqual(new Set(rows.map((r) => r.tracking_id)));
    for (const sid of rows.map((r) => r.shipment_id!)) {
      expect((await w.stack.env.core.binder.toErp(w.stack.backendId, 'shipping_label', sid))?.erpId).toBe(o.pickingId);
    }

    const purchases = w.calls('purchaseShipment');
    await w.buy([o.pickingId]);
    expect(w.calls('purchaseShipment')).toBe(purchases);
    expect(await w.attachments(o.pickingId)).toHaveLength(2);

    const r = await voidLabel(w.stack.env, w.stack.backendId, o.pickingId);
    expect(r.voided).toHaveLength(2);
    expect(w.stack.amazon.labels(o.id).every((l) => l.cancelledAt !== null)).toBe(true);
    expect(await w.attachments(o.pickingId)).toEqual([]);
    expect((await w.picking(o.pickingId)).carrier_tracking_ref).toBe(false);
    expect((await w.labelRows(o.pickingId)).map((x) => x.state)).toEqual(['voided', 'voided']);
    expect(amazonOrder(o.id).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
  });

  it('a delivery the ERP did not pack: split by the weight rule, each package under the maximum', async () => {
    const o = multi[1]!;
    const productIds = [...new Set(o.lines.map((l) => (l.product_id as [number, string])[0]))];
    await w.stack.erpClient.write('product.product', productIds, { weight: 2 });
    const units = o.lines.reduce((n, l) => n + Number(l.quantity), 0);
    await w.setLabels({ maxPackageGrams: 2500, packagingGrams: 100 });
    try {
      await w.buy([o.pickingId]);
    } finally {
      await w.setLabels({ maxPackageGrams: null });
    }
    // 2 kg a unit, 2.4 kg of room: one unit a package.
    const { rows } = await w.stack.env.db.pool.query(`select package_no, weight_grams, tracking_id from shipping_label where backend_id = $1 and picking_id = $2 and state = 'bought' order by package_no`, [w.stack.backendId, o.pickingId]);
    expect(rows.map((x) => x.package_no)).toEqual(Array.from({ length: units }, (_, i) => i + 1));
    expect(rows.every((x) => x.weight_grams === 2100)).toBe(true);
    expect(w.stack.amazon.labels(o.id)).toHaveLength(units);
    expect((await w.picking(o.pickingId)).carrier_tracking_ref).toBe(rows.map((x) => x.tracking_id).join(','));
    expect(await w.attachments(o.pickingId)).toHaveLength(units);
  });
});
