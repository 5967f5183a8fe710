import { describe, expect, it } from 'vitest';
import type { SpApiOperation, SpApiCallInput } from './call.ts';
import { readPackages, ShipmentsApi, type ConfirmShipmentRequest } from './shipments-api.ts';

const body = (over: Partial<ConfirmShipmentRequest['packageDetail']> = {}): ConfirmShipmentRequest => ({
  marketplaceId: 'A1PA6795UKMFR9',
  packageDetail: {
    packageReferenceId: '12',
    carrierCode: 'DPD',
    carrierName: 'DPD',
    trackingNumber: '15500000007919',
    shipDate: '2026-12-01T10:53:13.000Z',
    orderItems: [{ orderItemId: '79039765272157', quantity: 1 }],
    ...over,
  },
});

function api() {
  const calls: Array<{ op: SpApiOperation; input: SpApiCallInput }> = [];
  const caller = { call: async (op: SpApiOperation, input: SpApiCallInput = {}) => (calls.push({ op, input }), { statusCode: 204, body: null }) };
  const orders = { getOrder: async () => ({ order: {} }) };
  return { calls, shipments: new ShipmentsApi(caller as never, orders as never) };
}

describe('ShipmentsApi.confirmShipment', () => {
  it('sends the body to the v0 path as a non-idempotent operation answered by 204', async () => {
    const { calls, shipments } = api();
    await shipments.confirmShipment('902-1106328-1059050', body());
    expect(calls).toHaveLength(1);
    expect(calls[0]!.op).toMatchObject({ name: 'confirmShipment', version: 'v0', idempotent: false, emptyResponse: true });
    expect(calls[0]!.input).toEqual({ path: { orderId: '902-1106328-1059050' }, body: body() });
  });

  it('refuses before any quota a body the model refuses: a reference that is not a positive number, no items, a float quantity', async () => {
    const { calls, shipments } = api();
    for (const bad of [body({ packageReferenceId: '0' }), body({ packageReferenceId: 'A1' }), body({ orderItems: [] }), body({ orderItems: [{ orderItemId: 'x', quantity: 1.5 }] }), body({ shipDate: 'yesterday' })]) {
      await expect(shipments.confirmShipment('902-1106328-1059050', bad)).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
    }
    expect(calls).toEqual([]);
  });
});

describe('readPackages', () => {
  it('keeps the well-formed packages and the order status, counts the others', () => {
    const r = readPackages('X', {
      fulfillment: { fulfillmentStatus: 'PARTIALLY_SHIPPED', fulfilledBy: 'MERCHANT' },
      packages: [{ packageReferenceId: '12', trackingNumber: 'T1', packageItems: [{ orderItemId: 'A', quantity: 1 }] }, { trackingNumber: 'no ref' }],
    });
    expect(r).toEqual({
      orderId: 'X',
      fulfillmentStatus: 'PARTIALLY_SHIPPED',
      fulfilledBy: 'MERCHANT',
      packages: [{ packageReferenceId: '12', trackingNumber: 'T1', packageItems: [{ orderItemId: 'A', quantity: 1 }] }],
      malformed: 1,
    });
    expect(readPackages('Y', { fulfillment: { fulfillmentStatus: 'ODD' } })).toMatchObject({ fulfillmentStatus: null, packages: [], malformed: 0 });
  });
});
