/**
 * What real sellers see and the sandbox did not generate before issue 8, through parse, disposition and mapping:
 * partial shipments, partial cancellations, buyer cancel requests, replacements, recipients without a phone,
 * pending orders without prices.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { parseOrder } from '../../../amazon/parse-order.ts';
import { orderDisposition } from '../order-disposition.ts';
import { context, order } from './order.fixtures.ts';
import { mapCustomer, mapDelivery } from './partner.mapper.ts';
import { mapOrder, type MappedOrder, type MapOrderResult } from './order.mapper.ts';
import { ProblemList } from './order-map-context.ts';
import { cancelledQuantity, remainingQuantity, shippedQuantities } from '../../../amazon/order-units.ts';

function ok(r: MapOrderResult): MappedOrder {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r;
}

/** A parsed copy (the connector only ever maps what parseOrder accepted). */
function parsed(o: Order): Order {
  const p = parseOrder(JSON.parse(JSON.stringify(o)));
  if (!p.ok) throw new Error(`malformed: ${p.error.problems.join('; ')}`);
  return p.order;
}

const status = (o: Order, s: NonNullable<Order['fulfillment']>['fulfillmentStatus']) => {
  o.fulfillment!.fulfillmentStatus = s;
  o.fulfillment!.fulfilledBy = 'MERCHANT';
  delete o.associatedOrders;
  return o;
};

describe('real sellers\' orders: disposition and mapping', () => {
  it('PARTIALLY_SHIPPED: created with every unit ordered, the shipped ones recorded apart (items, packages)', () => {
    const o = status(order('DE', [{ id: 'P1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 },
      { id: 'P2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 }]), 'PARTIALLY_SHIPPED');
    o.orderItems[0]!.fulfillment = { quantityFulfilled: 3, quantityUnfulfilled: 0 };
    o.packages = [{ packageReferenceId: '1', carrier: 'DHL', trackingNumber: '003404341234', packageStatus: { status: 'SHIPPED' },
      packageItems: [{ orderItemId: 'P1', quantity: 3 }] }];
    const p = parsed(o);
    expect(orderDisposition(p, undefined, 'h')).toMatchObject({ action: 'create', reason: 'PARTIALLY_SHIPPED' });
    const r = ok(mapOrder(p, context()));
    expect(r.lines.filter((l) => l.kind === 'product').map((l) => [l.sku, l.quantity])).toEqual([['MUG-CER-BLUE', 3], ['TEA-EARLGREY-100', 1]]);
    expect(r.shipped).toEqual({ P1: 3, P2: 0 });
    expect(r.expectedTotal).toEqual({ amount: '47.20', currency: 'EUR' });
  });

  it('a line with units cancelled by the seller carries the rest, at Amazon\'s price, and the note says so', () => {
    // 3 ordered, 1 cancelled (out of stock): Amazon's proceeds are for the 2 the buyer pays.
    const o = status(order('DE', [{ id: 'C1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19 }]), 'UNSHIPPED');
    const it0 = o.orderItems[0]!;
    it0.quantityOrdered = 3;
    it0.fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: 2 };
    it0.cancellation = { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'NoInventory' } };
    const p = parsed(o);
    expect([cancelledQuantity(p.orderItems[0]!), remainingQuantity(p.orderItems[0]!)]).toEqual([1, 2]);
    const r = ok(mapOrder(p, context()));
    expect(r.lines.map((l) => [l.kind, l.vals.product_uom_qty, l.vals.price_unit])).toEqual([['product', 2, 12.9]]);
    expect(r.expectedTotal).toEqual({ amount: '25.80', currency: 'EUR' });
    expect(r.saleOrder.vals.note).toBe('<p>1 of 3 cancelled at Amazon (MUG-CER-BLUE); the line has the rest</p>');
  });

  it('a whole-order cancellation with the same figures is not read as a partial one (ordered units stay)', () => {
    const o = status(order('DE', [{ id: 'C1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19 }]), 'UNSHIPPED');
    o.orderItems[0]!.cancellation = { cancellationRequest: { requester: 'BUYER', cancelReason: 'Order placed by mistake' } };
    expect(remainingQuantity(parsed(o).orderItems[0]!)).toBe(2);
  });

  it('a buyer\'s cancel request: imported as it is (the connector cancels nothing), the request in the note', () => {
    const o = status(order('DE', [{ id: 'B1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]), 'UNSHIPPED');
    o.orderItems[0]!.cancellation = { cancellationRequest: { requester: 'BUYER', cancelReason: 'Found cheaper <elsewhere>' } };
    const p = parsed(o);
    expect(orderDisposition(p, undefined, 'h').action).toBe('create');
    const r = ok(mapOrder(p, context()));
    expect(r.lines.map((l) => l.quantity)).toEqual([1]);
    expect(r.saleOrder.vals.note).toBe('<p>Buyer requested cancellation (MUG-CER-BLUE): Found cheaper &lt;elsewhere&gt;</p>');
  });

  it('a replacement: its own reference, the original in origin and note, zero amounts (no second revenue)', () => {
    const o = status(order('DE', [{ id: 'R1', sku: 'MUG-CER-BLUE', qty: 1, unit: 0, rate: 19 }], '302-0000001-0000002'), 'UNSHIPPED');
    o.associatedOrders = [{ orderId: '302-1234567-7654321', associationType: 'REPLACEMENT_ORIGINAL_ID' }];
    const p = parsed(o);
    expect(orderDisposition(p, undefined, 'h').action).toBe('create');
    const r = ok(mapOrder(p, context()));
    expect(r.saleOrder.vals).toMatchObject({
      client_order_ref: '302-0000001-0000002',
      origin: 'Amazon.de 302-0000001-0000002 (replacement of 302-1234567-7654321)',
      note: '<p>Free replacement of Amazon order 302-1234567-7654321: the revenue is on that order</p>',
    });
    expect(r.expectedTotal).toEqual({ amount: '0.00', currency: 'EUR' });
    expect(r.lines.map((l) => [l.kind, l.quantity, l.vals.price_unit])).toEqual([['product', 1, 0]]);
  });

  it('a recipient without a phone maps to a customer and a delivery contact without one', () => {
    const o = status(order('DE', [{ id: 'N1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]), 'SHIPPED');
    delete o.recipient!.deliveryAddress!.phone;
    const p = parsed(o);
    const problems = new ProblemList();
    const customer = mapCustomer(p, context(), problems);
    const delivery = mapDelivery(p, customer.key, context(), problems);
    expect(problems.items).toEqual([]);
    expect(customer.vals).not.toHaveProperty('phone');
    expect(delivery?.vals).toMatchObject({ type: 'delivery', city: 'Berlin', zip: '10115' });
    expect(delivery?.vals).not.toHaveProperty('phone');
    expect(ok(mapOrder(p, context())).expectedTotal).toEqual({ amount: '12.90', currency: 'EUR' });
  });

  it('waits on an order Amazon shows without prices (pending, or any status before they come) and on a pre-order', () => {
    const o = status(order('DE', [{ id: 'W1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]), 'PENDING');
    delete o.orderItems[0]!.proceeds;
    delete o.orderItems[0]!.product.price;
    delete o.payment;
    const p = parsed(o);
    expect(orderDisposition(p, undefined, 'h')).toMatchObject({ action: 'wait', code: 'ORDER_PENDING' });
    expect(orderDisposition(status(p, 'UNSHIPPED'), undefined, 'h')).toMatchObject({ action: 'wait', code: 'ORDER_NOT_PRICED' });
    const pre = status(order('DE', [{ id: 'W2', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]), 'PENDING_AVAILABILITY');
    pre.programs = ['PREORDER'];
    expect(orderDisposition(parsed(pre), undefined, 'h')).toMatchObject({ action: 'wait', code: 'ORDER_PENDING' });
  });

  it('leaves FBA orders alone as before, with or without a phone; an UNFULFILLABLE Multi-Channel one too', () => {
    const o = status(order('DE', [{ id: 'F1', sku: 'MUG-CER-BLUE-FBA', qty: 1, unit: 1290, rate: 19 }]), 'SHIPPED');
    o.fulfillment!.fulfilledBy = 'AMAZON';
    delete o.recipient!.deliveryAddress!.phone;
    expect(orderDisposition(parsed(o), undefined, 'h')).toMatchObject({ action: 'ignore', state: 'ignored' });
    o.fulfillment!.fulfillmentStatus = 'UNFULFILLABLE';
    o.salesChannel.channelName = 'NON_AMAZON';
    expect(orderDisposition(parsed(o), undefined, 'h')).toMatchObject({ action: 'ignore', state: 'ignored' });
  });

  it('records shipped units from packages when the items do not say them', () => {
    const o = status(order('DE', [{ id: 'S1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19 }]), 'PARTIALLY_SHIPPED');
    delete o.orderItems[0]!.fulfillment;
    o.packages = [{ packageReferenceId: '1', packageItems: [{ orderItemId: 'S1', quantity: 1 }] }];
    expect(shippedQuantities(parsed(o))).toEqual({ S1: 1 });
  });
});
