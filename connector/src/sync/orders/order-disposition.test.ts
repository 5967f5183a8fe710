import { describe, expect, it } from 'vitest';
import { modelExample, order } from './mapping/order.fixtures.ts';
import { orderDisposition } from './order-disposition.ts';

const withStatus = (status: 'PENDING' | 'PENDING_AVAILABILITY' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED' | 'UNFULFILLABLE') => {
  const o = order('DE', [{ id: 'S1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 }]);
  o.fulfillment!.fulfillmentStatus = status;
  return o;
};

describe('orderDisposition', () => {
  it('waits on pending orders and creates unshipped, partially shipped and first-seen shipped ones', () => {
    expect(orderDisposition(withStatus('PENDING'), false)).toMatchObject({ action: 'wait', code: 'ORDER_PENDING' });
    expect(orderDisposition(withStatus('PENDING_AVAILABILITY'), false)).toMatchObject({ action: 'wait' });
    expect(orderDisposition(withStatus('UNSHIPPED'), false).action).toBe('create');
    expect(orderDisposition(withStatus('PARTIALLY_SHIPPED'), false).action).toBe('create');
    expect(orderDisposition(withStatus('SHIPPED'), false).action).toBe('create');
    expect(orderDisposition(withStatus('UNSHIPPED'), true).action).toBe('update');
  });

  it('creates nothing for cancelled or unfulfillable orders; a cancellation after import is a conflict', () => {
    expect(orderDisposition(withStatus('CANCELLED'), false)).toMatchObject({ action: 'ignore', code: 'ORDER_NOT_IMPORTABLE' });
    expect(orderDisposition(withStatus('UNFULFILLABLE'), false)).toMatchObject({ action: 'ignore' });
    expect(orderDisposition(withStatus('CANCELLED'), true)).toMatchObject({ action: 'conflict', code: 'ORDER_CANCELLED_AFTER_IMPORT' });
  });

  it('leaves Amazon-fulfilled orders alone (the model\'s JP example is FBA)', () => {
    expect(orderDisposition(modelExample('250-1234567-8901234'), false)).toMatchObject({ action: 'ignore', reason: 'fulfilled by Amazon (FBA)' });
  });

  it('records what shipped, from the items or else from the packages', () => {
    const o = withStatus('PARTIALLY_SHIPPED');
    o.orderItems[0]!.fulfillment = { quantityFulfilled: 2, quantityUnfulfilled: 1 };
    expect(orderDisposition(o, false).shipped).toEqual({ S1: 2 });
    delete o.orderItems[0]!.fulfillment;
    o.packages = [
      { packageReferenceId: 'P1', packageItems: [{ orderItemId: 'S1', quantity: 1 }] },
      { packageReferenceId: 'P2', packageItems: [{ orderItemId: 'S1', quantity: 1 }] },
    ];
    expect(orderDisposition(o, false).shipped).toEqual({ S1: 2 });
  });
});
