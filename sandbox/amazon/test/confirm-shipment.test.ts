import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators, strictDefinition } from './helpers/model-validator.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HOST = 'sellingpartnerapi-eu.amazon.com';
const v = modelValidators();
const errorShape = strictDefinition('ordersV0.json', 'ConfirmShipmentErrorResponse');
let clock = Date.parse('2026-05-04T10:00:00Z');
let sb: AmazonSandbox;
let token: string;
let sellerId: string;

beforeAll(async () => {
  // A pinned clock: buckets refill only when a test moves it.
  sb = await startAmazonSandbox({ port: 0, seed: 21, seedOrders: 0, now: () => clock });
  sellerId = sb.sellers[0]!.sellerId;
  token = await accessToken(sb.port, sb.sellers[0]!);
});
afterAll(() => sb.close());

const confirm = (orderId: string, json: unknown) =>
  call(sb.port, { method: 'POST', path: `/orders/v0/orders/${orderId}/shipmentConfirmation`, host: HOST, token, json });
const getOrder = async (id: string) => {
  const a = await call(sb.port, { path: `/orders/2026-01-01/orders/${id}?includedData=PACKAGES,FULFILLMENT`, host: HOST, token });
  expect(v.getOrder(a.body), v.explain(v.getOrder)).toBe(true);
  return (a.body as Obj).order as Obj;
};
const admin = (method: string, path: string, json?: unknown) => call(sb.port, { method, path: `/_sandbox${path}`, json });

function body(order: Obj, ref: string, items: { orderItemId: string; quantity: number }[], over: Obj = {}): Obj {
  return { marketplaceId: order.salesChannel.marketplaceId, packageDetail: { packageReferenceId: ref, carrierCode: 'DHL',
    shippingMethod: 'DHL Paket', trackingNumber: `00340434${ref.padStart(10, '0')}`, shipDate: '2026-05-04T09:30:00Z',
    orderItems: items, ...over } };
}

/** A refused call: 400 (or the given status) with exactly the model's error shape and the expected message. */
async function refused(orderId: string, json: unknown, message: RegExp, status = 400): Promise<void> {
  clock += 500; // a token back (2/s)
  const a = await confirm(orderId, json);
  expect(a.status, a.text).toBe(status);
  expect(errorShape.validate(a.body), errorShape.explain()).toBe(true);
  expect((a.body as Obj).errors).toHaveLength(1);
  expect((a.body as Obj).errors[0].message).toMatch(message);
}

/** An unshipped merchant order with at least two units in all (several lines, or one line of 2+). */
function openOrder(): Obj {
  const ids = sb.generateOrders({ sellerId, count: 30, fulfilledBy: 'MERCHANT', status: 'UNSHIPPED' });
  for (const id of ids) {
    const o = sb.getOrder(id).order as Obj;
    const units = o.orderItems.reduce((n: number, it: Obj) => n + it.fulfillment.quantityUnfulfilled, 0);
    if (o.orderItems.length >= 2 && units >= 3 && !o.orderItems.some((it: Obj) => it.cancellation)) return o;
  }
  throw new Error('no multi-line unshipped order in 30');
}

describe('confirmShipment', () => {
  it('takes packages one by one: PARTIALLY_SHIPPED, then SHIPPED, with PACKAGES as the model has them', async () => {
    const o = openOrder();
    const [a, b] = o.orderItems as Obj[];
    const before = o.lastUpdatedTime as string;
    clock += 5_000;
    const first = await confirm(o.orderId, body(o, '1', [{ orderItemId: a!.orderItemId, quantity: 1 }]));
    expect([first.status, first.text]).toEqual([204, '']);
    expect(first.headers['x-amzn-ratelimit-limit']).toBe('2');
    const mid = await getOrder(o.orderId);
    expect(mid.fulfillment.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
    expect(Date.parse(mid.lastUpdatedTime)).toBeGreaterThan(Date.parse(before));
    expect(mid.packages).toEqual([{ packageReferenceId: '1', createdTime: new Date(clock).toISOString().replace('.000', ''),
      packageStatus: { status: 'SHIPPED' }, carrier: 'DHL', shipTime: '2026-05-04T09:30:00Z', shippingService: 'DHL Paket',
      trackingNumber: '003404340000000001', packageItems: [{ orderItemId: a!.orderItemId, quantity: 1 }] }]);
    expect(mid.orderItems[0].fulfillment).toMatchObject({ quantityFulfilled: 1, quantityUnfulfilled: a!.fulfillment.quantityUnfulfilled - 1 });

    await refused(o.orderId, body(o, '1', [{ orderItemId: b!.orderItemId, quantity: 1 }]), /package 1 already exists/);
    await refused(o.orderId, body(o, '2', [{ orderItemId: b!.orderItemId, quantity: b!.fulfillment.quantityUnfulfilled + 1 }]),
      /exceeds the \d+ unit\(s\) left to ship/);
    await refused(o.orderId, body(o, '2', [{ orderItemId: '99999999999999', quantity: 1 }]), /^OrderItemId is invalid/);

    // The rest, carrier "Other" with its name: the package shows the name.
    const rest = (mid.orderItems as Obj[]).filter((it) => it.fulfillment.quantityUnfulfilled > 0)
      .map((it) => ({ orderItemId: it.orderItemId as string, quantity: it.fulfillment.quantityUnfulfilled as number }));
    clock += 5_000;
    const second = await confirm(o.orderId, body(o, '2', rest, { carrierCode: 'Other', carrierName: 'Hermes Einrichtungs Service' }));
    expect(second.status, second.text).toBe(204);
    const done = await getOrder(o.orderId);
    expect(done.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(done.packages.map((p: Obj) => [p.packageReferenceId, p.carrier])).toEqual([['1', 'DHL'], ['2', 'Hermes Einrichtungs Service']]);
    expect(done.orderItems.every((it: Obj) => it.fulfillment.quantityUnfulfilled === 0)).toBe(true);
    await refused(o.orderId, body(o, '3', [{ orderItemId: a!.orderItemId, quantity: 1 }]), /order already fulfilled/);

    // searchOrders carries the same packages; the admin API lists what Amazon received, refused calls too.
    const found = await call(sb.port, { host: HOST, token,
      path: `/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z&lastUpdatedBefore=${new Date(clock - 120_000).toISOString()}&includedData=PACKAGES` });
    expect(v.searchOrders(found.body), v.explain(v.searchOrders)).toBe(true);
    const list = (await admin('GET', `/orders/${o.orderId}/shipments`)).body as Obj;
    expect(list.shipments.map((s: Obj) => [s.outcome, s.status, s.body.packageDetail.packageReferenceId]))
      .toEqual([['accepted', 204, '1'], ['refused', 400, '1'], ['refused', 400, '2'], ['refused', 400, '2'], ['accepted', 204, '2'], ['refused', 400, '3']]);
    expect(list.shipments[0].body).toEqual(body(o, '1', [{ orderItemId: a!.orderItemId, quantity: 1 }]));
    expect(list.shipments[1].errors[0].code).toBe('InvalidInput');
  });

  it('refuses a body the model refuses: package reference, carrier, types, required fields', async () => {
    clock += 60_000;
    const o = openOrder();
    const item = [{ orderItemId: o.orderItems[0].orderItemId, quantity: 1 }];
    for (const ref of ['abc', '0', '-1', '1.5', '']) await refused(o.orderId, body(o, ref, item), /must be a positive numeric value/);
    await refused(o.orderId, body(o, '1', item, { packageReferenceId: 1 }), /invalid type \[packageDetail\.packageReferenceId\]/);
    await refused(o.orderId, body(o, '1', item, { carrierCode: undefined }), /missing values \[packageDetail\.carrierCode\]/);
    await refused(o.orderId, body(o, '1', item, { carrierCode: ' ' }), /CarrierCode: is required/);
    await refused(o.orderId, body(o, '1', item, { carrierCode: 'Other' }), /CarrierName: is required when CarrierCode is Other/);
    await refused(o.orderId, body(o, '1', item, { shipDate: '02/21/2022' }), /ShipDate: is invalid/);
    await refused(o.orderId, body(o, '1', [{ orderItemId: o.orderItems[0].orderItemId, quantity: '1' as never }]), /invalid type \[packageDetail\.orderItems\[0\]\.quantity\]/);
    await refused(o.orderId, body(o, '1', [{ orderItemId: o.orderItems[0].orderItemId, quantity: 0 }]), /must be a positive number/);
    await refused(o.orderId, body(o, '1', []), /at least one order item/);
    await refused(o.orderId, { packageDetail: body(o, '1', item).packageDetail }, /missing values \[body\.marketplaceId\]/);
    await refused(o.orderId, { ...body(o, '1', item), marketplaceId: 'A13V1IB3VIYZZH' }, /does not match the order's marketplace/);
    expect((await getOrder(o.orderId)).fulfillment.fulfillmentStatus).toBe('UNSHIPPED');
  });

  it('refuses cancelled, pending and FBA orders, and unknown ones with 404', async () => {
    clock += 60_000;
    const [cancelled] = sb.generateOrders({ sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'CANCELLED' });
    const [pending] = sb.generateOrders({ sellerId, count: 1, fulfilledBy: 'MERCHANT', status: 'PENDING' });
    const [fba] = sb.generateOrders({ sellerId, count: 1, fulfilledBy: 'AMAZON', status: 'UNSHIPPED' });
    for (const [id, message] of [[cancelled!, /is cancelled/], [pending!, /is PENDING/], [fba!, /fulfilled by Amazon/]] as const) {
      const o = sb.getOrder(id).order as Obj;
      await refused(id, body(o, '1', [{ orderItemId: o.orderItems[0].orderItemId, quantity: 1 }]), message);
    }
    const o = sb.getOrder(cancelled!).order as Obj;
    await refused('999-9999999-9999999', body(o, '1', [{ orderItemId: '1', quantity: 1 }]), /was not found/, 404);
    expect((await admin('GET', '/orders/999-9999999-9999998/shipments')).status).toBe(404);
  });

  it('an answer lost after the package was accepted (drop_after_accept): the order shows the package', async () => {
    clock += 60_000;
    const o = openOrder();
    expect((await admin('POST', '/faults', { operation: 'confirmShipment', kind: 'drop_after_accept', count: 1 })).status).toBe(200);
    const item = { orderItemId: o.orderItems[0].orderItemId as string, quantity: 1 };
    await expect(confirm(o.orderId, body(o, '7', [item]))).rejects.toThrow(/socket hang up|ECONNRESET/);
    const after = await getOrder(o.orderId);
    expect(after.packages.map((p: Obj) => [p.packageReferenceId, p.trackingNumber])).toEqual([['7', '003404340000000007']]);
    const list = (await admin('GET', `/orders/${o.orderId}/shipments`)).body as Obj;
    expect(list.shipments).toMatchObject([{ outcome: 'accepted', status: 204, answerLost: 'drop_after_accept' }]);
    // The retry a client might send blindly is refused: the package exists.
    await refused(o.orderId, body(o, '7', [item]), /package 7 already exists/);
    const calls = (await admin('GET', '/calls')).body as Obj;
    const mine = calls.operations.find((x: Obj) => x.operation === 'confirmShipment');
    expect(mine.byFault).toEqual({ drop_after_accept: 1 });
    expect(mine.byStatus['0']).toBe(1);
  });

  it('timeout_after_accept (a seeded rule on every operation): the package is there, the answer never came', async () => {
    clock += 60_000;
    const o = openOrder();
    const rule = await admin('POST', '/faults', { operation: '*', percent: 100, kinds: ['timeout_after_accept'], holdMs: 50, seed: 1 });
    expect(rule.status).toBe(200);
    const item = { orderItemId: o.orderItems[0].orderItemId as string, quantity: 1 };
    await expect(confirm(o.orderId, body(o, '3', [item]))).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await admin('DELETE', '/faults')).status).toBe(200);
    expect((await getOrder(o.orderId)).packages.map((p: Obj) => p.packageReferenceId)).toEqual(['3']);
    expect(sb.shipments(o.orderId).shipments).toMatchObject([{ outcome: 'accepted', answerLost: 'timeout_after_accept' }]);
    expect(sb.faults().fired.byKind.timeout_after_accept).toBe(1);
  });

  it("Amazon's sandbox host answers the model's two static examples only", async () => {
    clock += 60_000;
    const example = (shipDate: string) => ({ marketplaceId: 'ATVPDKIKX0DER', packageDetail: { packageReferenceId: '1',
      carrierCode: 'FedEx', carrierName: 'FedEx', shippingMethod: 'FedEx Ground', trackingNumber: '112345678', shipDate,
      shipFromSupplySourceId: '057d3fcc-b750-419f-bbcd-4d340c60c430',
      orderItems: [{ orderItemId: '79039765272157', quantity: 1, transparencyCodes: ['09876543211234567890'] }] } });
    const at = (json: unknown) => call(sb.port, { method: 'POST', path: '/orders/v0/orders/902-1106328-1059050/shipmentConfirmation',
      host: 'sandbox.sellingpartnerapi-na.amazon.com', token, json });
    expect((await at(example('2022-02-11T01:00:00.000Z'))).status).toBe(204);
    const bad = await at(example('02/21/2022'));
    expect([bad.status, bad.body]).toEqual([400, { errors: [{ code: 'Invalid Input', message: 'Invalid Input' }] }]);
    const other = await at({ ...example('2022-02-11T01:00:00.000Z'), marketplaceId: 'A1PA6795UKMFR9' });
    expect([other.status, (other.body as Obj).errors[0].message]).toEqual([400, 'Could not match input arguments']);
    for (const a of [bad, other]) expect(errorShape.validate(a.body), errorShape.explain()).toBe(true);
  });

  it('the usage plan: burst 10, then real 429s until tokens come back (2/s)', async () => {
    clock += 60_000; // the bucket is full again
    const o = openOrder();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await confirm(o.orderId, body(o, 'x', [{ orderItemId: '1', quantity: 1 }]))).status);
    expect(statuses).toEqual([...Array(10).fill(400), 429]);
    clock += 500;
    expect((await confirm(o.orderId, body(o, 'x', []))).status).toBe(400);
  });
});
