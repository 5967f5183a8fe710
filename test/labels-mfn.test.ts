/**
 * Labels through Merchant Fulfillment v0 in a marketplace Shipping v2 does not serve (the Amazon sandbox's
 * `shippingV2Unserved`, the backend's `labels.merchantFulfillmentMarketplaces`), end to end over HTTP with real
 * PostgreSQL and both sandboxes: the label bought once (no Shipping v2 call), its PDF attached, tracking written,
 * voided through v0's cancelShipment. v0 has no idempotency key: an answer lost after Amazon bought the label makes
 * the order read back (its new package) and a visible LABEL_OUTCOME_UNKNOWN conflict, never a second purchase,
 * until that label is voided; an answer lost before Amazon did anything is read back too, and bought once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { voidLabel } from '../connector/src/sync/labels/void-label.ts';
import { DE, SHIP_FROM, startLabelsWorld, type LabelsWorld } from './support/labels.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let w: LabelsWorld;

beforeAll(async () => {
  w = await startLabelsWorld(inject('pgAdminUrl'), 'labelsmfn', { shippingV2Unserved: [DE] });
  await w.setLabels({ shipFrom: { ...SHIP_FROM, email: 'lager@example.com', phoneNumber: '+49 40 1234567' }, merchantFulfillmentMarketplaces: [DE], mfnReadBackAfterSeconds: 0 });
});
afterAll(async () => w?.close());

const amazonOrder = (id: string) => w.stack.amazon.getOrder(id).order as Obj;
const conflictOf = async (pickingId: number) => {
  const { rows } = await w.stack.env.db.pool.query(`select code, status from sync_conflict where backend_id = $1 and kind = 'label' and amazon_key = $2`, [w.stack.backendId, `picking:${pickingId}`]);
  return rows;
};

describe('labels through Merchant Fulfillment v0', () => {
  it('buys once, attaches the PDF, writes the tracking, never asks Shipping v2; a second run buys nothing; void cancels it with v0', async () => {
    const orders = await w.orders(2);
    await w.buy(orders.map((o) => o.pickingId));
    for (const o of orders) {
      const [label, ...more] = w.stack.amazon.labels(o.id);
      expect(more).toEqual([]);
      expect(label!.shipmentId).toMatch(/^MFN/);
      expect((await w.labelRows(o.pickingId)).map((r) => r.state)).toEqual(['bought']);
      const files = await w.attachments(o.pickingId);
      expect(files.map((f) => f.mimetype)).toEqual(['application/pdf']);
      expect(Buffer.from(String(files[0]!.datas), 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect((await w.picking(o.pickingId)).carrier_tracking_ref).toBe(label!.trackingIds[0]);
      expect(amazonOrder(o.id).packages[0].trackingNumber).toBe(label!.trackingIds[0]);
    }
    expect(w.calls('getRates') + w.calls('purchaseShipment')).toBe(0);
    const bought = w.calls('mfnCreateShipment');
    expect(bought).toBe(2);
    await w.buy(orders.map((o) => o.pickingId));
    expect(w.calls('mfnCreateShipment')).toBe(bought);

    const r = await voidLabel(w.stack.env, w.stack.backendId, orders[0]!.pickingId);
    expect(r.voided).toHaveLength(1);
    expect(w.calls('mfnCancelShipment')).toBe(1);
    expect(w.stack.amazon.labels(orders[0]!.id)[0]!.cancelledAt).not.toBeNull();
    expect(await w.attachments(orders[0]!.pickingId)).toEqual([]);
    expect((await w.picking(orders[0]!.pickingId)).carrier_tracking_ref).toBeFalsy();
    expect(amazonOrder(orders[0]!.id).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
  });

  it('an answer lost after Amazon bought: the order read back shows the label, a conflict and no second purchase until it is voided', async () => {
    const [o] = await w.orders(1);
    w.stack.amazon.injectFault({ operation: 'mfnCreateShipment', kind: 'drop_after_accept', count: 1 });
    await expect(w.buy([o!.pickingId])).rejects.toThrow();
    expect(w.stack.amazon.labels(o!.id)).toHaveLength(1);
    expect((await w.labelRows(o!.pickingId)).map((r) => r.state)).toEqual(['buying']);
    const creates = w.calls('mfnCreateShipment');
    // Before labels.mfnReadBackAfterSeconds the order is not read yet (Amazon may still be recording): nothing is sent.
    await w.setLabels({ mfnReadBackAfterSeconds: 600 });
    await expect(w.buy([o!.pickingId])).rejects.toMatchObject({ code: 'LABEL_OUTCOME_UNKNOWN' });
    expect(w.calls('mfnCreateShipment')).toBe(creates);
    await w.setLabels({ mfnReadBackAfterSeconds: 0 });
    await w.buy([o!.pickingId]);
    expect(await conflictOf(o!.pickingId)).toEqual([{ code: 'LABEL_OUTCOME_UNKNOWN', status: 'open' }]);
    // The conflict's retry reads back again: the lost label still stands, nothing is bought.
    await w.buy([o!.pickingId]);
    expect(w.calls('mfnCreateShipment')).toBe(creates);
    expect(w.stack.amazon.labels(o!.id)).toHaveLength(1);
    expect(await w.attachments(o!.pickingId)).toEqual([]);
    // A person voids the lost label (Seller Central does it with the same operation), then retries: bought once more.
    const rt = await w.stack.env.runtimes.get(w.stack.backendId);
    await rt.amazon.merchantFulfillment.cancelShipment(w.stack.amazon.labels(o!.id)[0]!.shipmentId);
    await w.buy([o!.pickingId]);
    const labels = w.stack.amazon.labels(o!.id);
    expect(labels.filter((l) => l.cancelledAt === null)).toHaveLength(1);
    expect((await w.picking(o!.pickingId)).carrier_tracking_ref).toBe(labels[1]!.trackingIds[0]);
    expect((await conflictOf(o!.pickingId))[0]!.status).not.toBe('open');
  });

  it('an answer lost before Amazon did anything: the read-back finds no label and it is bought once', async () => {
    const [o] = await w.orders(1);
    w.stack.amazon.injectFault({ operation: 'mfnCreateShipment', kind: 'drop', count: 1 });
    await expect(w.buy([o!.pickingId])).rejects.toThrow();
    expect(w.stack.amazon.labels(o!.id)).toHaveLength(0);
    await w.buy([o!.pickingId]);
    expect(w.stack.amazon.labels(o!.id)).toHaveLength(1);
    expect((await w.labelRows(o!.pickingId)).map((r) => r.state)).toEqual(['bought']);
    expect(await w.attachments(o!.pickingId)).toHaveLength(1);
  });
});
