/**
 * Buy Shipping labels as a warehouse sees them, in-process against both sandboxes over HTTP: the label bought once
 * per delivery (run again: no second purchase; an answer lost after Amazon bought it: the same idempotency key
 * answers the same label), attached to the delivery as a PDF with the tracking number and carrier written, the
 * Amazon order shipped by it and no confirmShipment sent when the delivery is validated; the rate rule honouring
 * the ship-by window; a preferred service Amazon refuses -> conflict LABEL_SERVICE_INELIGIBLE and no label; void
 * within the window (attachment gone, tracking cleared, the order unshipped) and refused past it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isSyncError } from '../connector/src/core/errors.ts';
import { minorUnits } from '../connector/src/sync/labels/choose-rate.ts';
import { loadLabelDeliveries } from '../connector/src/sync/labels/label-delivery.ts';
import { labelsSettings } from '../connector/src/sync/labels/labels.settings.ts';
import { ratesRequestOf } from '../connector/src/sync/labels/rates-request.ts';
import { taskList } from '../connector/src/jobs/worker.ts';
import { batchProgress, createBatch } from '../connector/src/sync/labels/label-batch.ts';
import { LabelTasks } from '../connector/src/sync/labels/index.ts';
import { runTasks } from './support/lifecycle.ts';
import { Tasks as OrderTasks } from '../connector/src/sync/orders/index.ts';
import { voidLabel } from '../connector/src/sync/labels/void-label.ts';
import { confirmDeliveries, confirmShipmentCalls, erpCarrier, validateDelivery } from './support/shipments.ts';
import { startLabelsWorld, type LabelsWorld } from './support/labels.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let skewMs = 0;
let w: LabelsWorld;

beforeAll(async () => {
  w = await startLabelsWorld(inject('pgAdminUrl'), 'labels', { now: () => Date.now() + skewMs });
});
afterAll(async () => w?.close());

const amazonOrder = (id: string) => w.stack.amazon.getOrder(id).order as Obj;

describe('labels: bought once per delivery', () => {
  it('buys, attaches the PDF, writes tracking and carrier, ships the Amazon order; a second run buys nothing; validation sends no confirmShipment', async () => {
    const orders = await w.orders(3);
    const ids = orders.map((o) => o.pickingId);
    await w.buy(ids);
    for (const o of orders) {
      const [label, ...more] = w.stack.amazon.labels(o.id);
      expect(more).toEqual([]);
      const rows = await w.labelRows(o.pickingId);
      expect(rows.map((r) => r.state)).toEqual(['bought']);
      expect(rows[0]!.idempotency_key).toBe(`lbl-${w.stack.backendId}-${o.pickingId}-1-1`);
      const files = await w.attachments(o.pickingId);
      expect(files.map((f) => f.mimetype)).toEqual(['application/pdf']);
      expect(Buffer.from(String(files[0]!.datas), 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await w.picking(o.pickingId)).carrier_tracking_ref).toBe(label!.trackingIds[0]);
      expect(amazonOrder(o.id).fulfillment.fulfillmentStatus).toBe('SHIPPED');
      expect(amazonOrder(o.id).packages[0].trackingNumber).toBe(label!.trackingIds[0]);
      expect((await w.stack.env.core.binder.toAmazon(w.stack.backendId, 'shipping_label', 'stock.picking', o.pickingId))?.amazonKey).toBe(label!.shipmentId);
    }
    // The label bytes are stored sealed: no buyer name in clear in the connector's database.
    const name = String(amazonOrder(orders[0]!.id).recipient.deliveryAddress.name);
    const { rows: leaked } = await w.stack.env.db.pool.query(`select 1 from shipping_label where position($1::bytea in pdf_sealed) > 0`, [Buffer.from(name, 'latin1')]);
    expect(leaked).toEqual([]);

    const purchases = w.calls('purchaseShipment');
    await w.buy(ids);
    expect(w.calls('purchaseShipment')).toBe(purchases);
    for (const o of orders) expect(await w.attachments(o.pickingId)).toHaveLength(1);

    // The warehouse validates the deliveries: Amazon already knows them, nothing is confirmed a second time.
    const carrier = await erpCarrier(w.stack, 'DHL');
    const confirms = confirmShipmentCalls(w.stack);
    for (const o of orders) await validateDelivery(w.stack, o.pickingId, { carrierId: carrier, tracking: String((await w.picking(o.pickingId)).carrier_tracking_ref) });
    await confirmDeliveries(w.stack, ids);
    expect(confirmShipmentCalls(w.stack)).toBe(confirms);
    const { rows } = await w.stack.env.db.pool.query(`select state from record_state where backend_id = $1 and flow = 'shipments' and key = any($2)`, [w.stack.backendId, ids.map((i) => `mfn:${i}`)]);
    expect(rows.map((r) => r.state)).toEqual(ids.map(() => 'label_bought'));
    // The packages left all the same: their invoices are asked for as for confirmed ones.
    const { rows: invoices } = await w.stack.env.db.pool.query(`select shipment_key from invoice_request where backend_id = $1 and shipment_key = any($2) order by shipment_key`, [w.stack.backendId, ids.map((i) => `mfn:${i}`)]);
    expect(invoices).toHaveLength(ids.length);
  });

  it('an answer lost after Amazon bought the label: the retry sends the same key and gets the same label', async () => {
    const [o] = await w.orders(1);
    w.stack.amazon.injectFault({ operation: 'purchaseShipment', kind: 'drop_after_accept', count: 1 });
    const purchases = w.calls('purchaseShipment');
    await w.buy([o!.pickingId]).catch(() => undefined); // the job may fail once; its retry settles it
    await w.buy([o!.pickingId]);
    expect(w.stack.amazon.labels(o!.id)).toHaveLength(1);
    expect(w.calls('purchaseShipment') - purchases).toBeGreaterThanOrEqual(2);
    expect((await w.labelRows(o!.pickingId)).map((r) => r.state)).toEqual(['bought']);
    expect(await w.attachments(o!.pickingId)).toHaveLength(1);
  });
});

describe('labels: the rate rule', () => {
  /** Moves the order's ship-by on Amazon and has the connector read it again. */
  const shipBy = async (orderId: string, at: Date) => {
    const f = amazonOrder(orderId).fulfillment;
    w.stack.amazon.updateOrder(orderId, { set: { fulfillment: { ...f, shipByWindow: { ...f.shipByWindow, latestDateTime: at.toISOString().replace(/\.\d{3}Z/, 'Z') } } } } as never);
    // Read again at once (a sweep would not list it for two minutes): the order's resync, as the API's would.
    await taskList(w.stack.env)[OrderTasks.resyncOrder]!({ backendId: w.stack.backendId, amazonOrderId: orderId }, undefined as never);
  };
  /** Amazon's rates for the delivery's package, as the flow asks for them. */
  const ratesOf = async (pickingId: number) => {
    const rt = await w.stack.env.runtimes.get(w.stack.backendId);
    const settings = labelsSettings.of(rt.backend.settings);
    const d = (await loadLabelDeliveries(w.stack.env, rt, [pickingId], settings)).get(pickingId)!;
    if (!d.ok) throw new Error(d.why);
    return (await rt.amazon.shipping.getRates(ratesRequestOf(settings.shipFrom!, d.delivery, d.delivery.packages[0]!))).rates;
  };
  const pickupEnd = (r: { promise: { pickupWindow?: { end?: string } } }) => Date.parse(r.promise.pickupWindow!.end!);

  it("the cheapest rate picked up after the order's ship-by is passed over for the cheapest that meets it; none left: conflict LABEL_NO_RATE", async () => {
    const [a, b] = await w.orders(2);
    // Light products (100 g a unit, no packaging): the 1 kg letter-parcel service is the cheapest and picked up
    // latest (cut-off 16:00); on Amazon's clock at 08:00 UTC every carrier still picks up the same day.
    const delivery = await w.stack.erpClient.read('stock.picking', [a!.pickingId], ['move_ids']);
    const moves = await w.stack.erpClient.read('stock.move', delivery[0]!.move_ids as number[], ['product_id']);
    await w.stack.erpClient.write('product.product', moves.map((m) => (m.product_id as [number, string])[0]), { weight: 0.1 });
    await w.setLabels({ packagingGrams: 0 });
    const eight = new Date();
    eight.setUTCHours(8, 0, 0, 0);
    if (eight.getTime() <= Date.now()) eight.setUTCDate(eight.getUTCDate() + 1);
    skewMs = eight.getTime() - Date.now();
    let rates: Awaited<ReturnType<typeof ratesOf>>;
    try {
      rates = await ratesOf(a!.pickingId);
      const price = (r: (typeof rates)[number]) => minorUnits(r.totalCharge.value);
      const cheapest = [...rates].sort((x, y) => price(x) - price(y))[0]!;
      // Ship-by one minute before the cheapest's pickup ends: the rule must not buy it.
      const limit = new Date(pickupEnd(cheapest) - 60_000);
      const expected = rates.filter((r) => pickupEnd(r) <= limit.getTime() && r.serviceId !== cheapest.serviceId).sort((x, y) => price(x) - price(y))[0];
      expect(cheapest.serviceId).toBe('DP_WARENPOST');
      expect(expected).toBeDefined(); // an earlier pickup at a higher price (DPD or Hermes, as the deliver-by allows)
      await shipBy(a!.id, limit);
      await w.buy([a!.pickingId]);
      const [row] = await w.labelRows(a!.pickingId);
      expect(row).toMatchObject({ state: 'bought', service_id: expected!.serviceId });
    } finally {
      skewMs = 0;
      await w.setLabels({ packagingGrams: 100 });
    }
    // Ship-by in one minute: no carrier picks up before it.
    await shipBy(b!.id, new Date(Date.now() + 60_000));
    await w.buy([b!.pickingId]);
    expect(w.stack.amazon.labels(b!.id)).toEqual([]);
    expect((await w.labelRows(b!.pickingId))[0]).toMatchObject({ state: 'refused', code: 'LABEL_NO_RATE' });
    const { rows } = await w.stack.env.db.pool.query(`select code, status from sync_conflict where backend_id = $1 and kind = 'label' and amazon_key = $2`, [w.stack.backendId, `picking:${b!.pickingId}`]);
    expect(rows).toEqual([{ code: 'LABEL_NO_RATE', status: 'open' }]);
  });

  it('a preferred service Amazon lists as ineligible is a conflict LABEL_SERVICE_INELIGIBLE, never a silent other label', async () => {
    const [o] = await w.orders(1);
    // 40 kg: Warenpost takes 1 kg at most.
    await w.setLabels({ rule: 'preferred', preferred: [{ marketplaceId: 'A1PA6795UKMFR9', carrierId: 'DEUTSCHE_POST', serviceId: 'DP_WARENPOST' }], defaultWeightGrams: 40_000 });
    try {
      await w.buy([o!.pickingId]);
    } finally {
      await w.setLabels({ rule: 'cheapest', preferred: [], defaultWeightGrams: 500 });
    }
    expect(w.stack.amazon.labels(o!.id)).toEqual([]);
    expect((await w.labelRows(o!.pickingId))[0]).toMatchObject({ state: 'refused', code: 'LABEL_SERVICE_INELIGIBLE' });
    const { rows } = await w.stack.env.db.pool.query(`select code, diff from sync_conflict where backend_id = $1 and kind = 'label' and amazon_key = $2 and status = 'open'`, [w.stack.backendId, `picking:${o!.pickingId}`]);
    expect(rows[0]!.code).toBe('LABEL_SERVICE_INELIGIBLE');
    expect(JSON.stringify(rows[0]!.diff)).toContain('WEIGHT_RESTRICTIONS');
  });
});

describe('labels: void', () => {
  it('voids within the window (attachment gone, tracking cleared, order unshipped, a new label can be bought) and refuses past it', async () => {
    const [a, b] = await w.orders(2);
    await w.buy([a!.pickingId, b!.pickingId]);
    const bought = async (pickingId: number) => {
      const { rows } = await w.stack.env.db.pool.query(`select state, code, detail from record_state where backend_id = $1 and flow = 'labels' and key = $2`, [w.stack.backendId, `picking:${pickingId}`]);
      return rows[0];
    };
    expect(await bought(a!.pickingId)).toMatchObject({ state: 'labelled' });
    expect(await bought(b!.pickingId)).toMatchObject({ state: 'labelled' });
    const r = await voidLabel(w.stack.env, w.stack.backendId, a!.pickingId);
    expect(r.voided).toHaveLength(1);
    expect(await w.attachments(a!.pickingId)).toEqual([]);
    expect((await w.picking(a!.pickingId)).carrier_tracking_ref).toBe(false);
    expect(amazonOrder(a!.id).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
    expect(await w.stack.env.core.binder.toAmazon(w.stack.backendId, 'shipping_label', 'stock.picking', a!.pickingId)).toBeNull();
    // Bought again: a new attempt, a new idempotency key, one live label.
    await w.buy([a!.pickingId]);
    expect((await w.labelRows(a!.pickingId)).map((x) => x.state)).toEqual(['voided', 'bought']);
    expect(w.stack.amazon.labels(a!.id).filter((l) => !l.cancelledAt)).toHaveLength(1);

    skewMs = 25 * 3_600_000;
    try {
      const e = await voidLabel(w.stack.env, w.stack.backendId, b!.pickingId).then(() => null, (x: unknown) => x);
      expect(isSyncError(e) && e.code).toBe('LABEL_VOID_WINDOW_PASSED');
    } finally {
      skewMs = 0;
    }
    expect(await w.attachments(b!.pickingId)).toHaveLength(1);
    expect((await w.labelRows(b!.pickingId)).map((x) => x.state)).toEqual(['bought']);
  });
});

describe('labels: voided from the ERP', () => {
  it('a tracking number cleared by a person voids the label with Amazon (PDF and ZPL removed); the change feed does not buy it again', async () => {
    const [o] = await w.orders(1);
    await w.setLabels({ autoBuy: true, zpl: true });
    try {
      const changed = (ids: number[]) => taskList(w.stack.env)[LabelTasks.deliveriesChanged]!({ backendId: w.stack.backendId, ids }, undefined as never);
      await changed([o!.pickingId]); // the delivery became ready: bought by the change feed's task
      const [label] = w.stack.amazon.labels(o!.id);
      expect(label).toMatchObject({ cancelledAt: null });
      const files = await w.attachments(o!.pickingId);
      expect(files.map((f) => f.mimetype).sort()).toEqual(['application/pdf', 'text/plain']);
      expect(Buffer.from(String(files.find((f) => f.mimetype === 'text/plain')!.datas), 'base64').toString('utf8')).toMatch(/^\^XA[\s\S]*\^XZ$/);
      await w.stack.erpClient.write('stock.picking', [o!.pickingId], { carrier_tracking_ref: false });
      await changed([o!.pickingId]);
      expect(w.stack.amazon.labels(o!.id)).toEqual([expect.objectContaining({ shipmentId: label!.shipmentId, cancelledAt: expect.any(String) })]);
      expect(await w.attachments(o!.pickingId)).toEqual([]);
      expect((await w.labelRows(o!.pickingId)).map((r) => r.state)).toEqual(['voided']);
      expect(amazonOrder(o!.id).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
      await changed([o!.pickingId]);
      expect(w.stack.amazon.labels(o!.id)).toHaveLength(1);
    } finally {
      await w.setLabels({ autoBuy: false, zpl: false });
    }
  });
});

describe('labels: a batch, and the buyer data schedule', () => {
  it('reads the batch\'s progress (a delivery that gets no label counted apart) and drops label bytes older than the PII retention', async () => {
    const orders = await w.orders(2);
    const batchId = await createBatch(w.stack.env.db.pool, w.stack.backendId, [...orders.map((o) => o.pickingId), 999_999]);
    expect(await batchProgress(w.stack.env.db.pool, w.stack.backendId, batchId)).toMatchObject({ total: 3, pending: 3, done: false });
    await runTasks(w.stack, [LabelTasks.buy]);
    expect(await batchProgress(w.stack.env.db.pool, w.stack.backendId, batchId)).toMatchObject({
      total: 3, labelled: 2, failed: 0, notEligible: 1, pending: 0, done: true, problems: [{ pickingId: 999_999, state: 'not_eligible', code: 'LABEL_NOT_ELIGIBLE' }] });

    // Bought 40 days ago (retention 30): the sealed bytes go, the row and the ERP's attachment stay.
    const [old, recent] = orders;
    await w.stack.env.db.pool.query(`update shipping_label set bought_at = now() - interval '40 days' where backend_id = $1 and picking_id = $2`, [w.stack.backendId, old!.pickingId]);
    await taskList(w.stack.env)[LabelTasks.redactPii]!({}, undefined as never);
    const sealed = async (pickingId: number) => (await w.stack.env.db.pool.query(`select pdf_sealed is not null as pdf, label_redacted_at is not null as redacted, state from shipping_label where backend_id = $1 and picking_id = $2`, [w.stack.backendId, pickingId])).rows[0];
    expect(await sealed(old!.pickingId)).toEqual({ pdf: false, redacted: true, state: 'bought' });
    expect(await sealed(recent!.pickingId)).toEqual({ pdf: true, redacted: false, state: 'bought' });
    expect(await w.attachments(old!.pickingId)).toHaveLength(1);
  });
});
