import { describe, expect, it } from 'vitest';
import { modelExample, order } from './mapping/order.fixtures.ts';
import { shippedQuantities } from '../../amazon/order-units.ts';
import { orderDisposition } from './order-disposition.ts';

const withStatus = (status: 'PENDING' | 'PENDING_AVAILABILITY' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED' | 'UNFULFILLABLE') => {
  const o = order('DE', [{ id: 'S1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 }]);
  o.fulfillment!.fulfillmentStatus = status;
  return o;
};
const verified = { erpWriteDate: '2026-11-20 10:00:05', payloadHash: 'h1' };

describe('orderDisposition', () => {
  it('waits on pending orders and creates unshipped, partially shipped and first-seen shipped ones', () => {
    expect(orderDisposition(withStatus('PENDING'), undefined, 'h1')).toMatchObject({ action: 'wait', code: 'ORDER_PENDING' });
    expect(orderDisposition(withStatus('PENDING_AVAILABILITY'), undefined, 'h1')).toMatchObject({ action: 'wait' });
    expect(orderDisposition(withStatus('UNSHIPPED'), undefined, 'h1').action).toBe('create');
    expect(orderDisposition(withStatus('PARTIALLY_SHIPPED'), undefined, 'h1').action).toBe('create');
    expect(orderDisposition(withStatus('SHIPPED'), undefined, 'h1').action).toBe('create');
  });

  it('waits on an order Amazon has not priced yet (no proceeds) instead of importing it at zero', () => {
    const o = withStatus('UNSHIPPED');
    delete o.orderItems[0]!.proceeds;
    expect(orderDisposition(o, undefined, 'h1')).toMatchObject({ action: 'wait', code: 'ORDER_NOT_PRICED' });
    expect(orderDisposition(withStatus('UNSHIPPED'), undefined, 'h1').action).toBe('create');
  });

  it('an imported order: updated when its content changed, left when not, finished when never verified', () => {
    expect(orderDisposition(withStatus('UNSHIPPED'), verified, 'h2').action).toBe('update');
    expect(orderDisposition(withStatus('PENDING'), verified, 'h2').action).toBe('update');
    expect(orderDisposition(withStatus('UNSHIPPED'), verified, 'h1')).toMatchObject({ action: 'unchanged', shipped: {} });
    expect(orderDisposition(withStatus('UNSHIPPED'), { erpWriteDate: null, payloadHash: 'h1' }, 'h1').action).toBe('create');
  });

  it('creates nothing for cancelled or unfulfillable orders; a cancellation after import is a conflict', () => {
    expect(orderDisposition(withStatus('CANCELLED'), undefined, 'h1')).toMatchObject({ action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', state: 'not_imported' });
    expect(orderDisposition(withStatus('UNFULFILLABLE'), undefined, 'h1')).toMatchObject({ action: 'ignore' });
    expect(orderDisposition(withStatus('CANCELLED'), verified, 'h1')).toMatchObject({ action: 'conflict', code: 'ORDER_CANCELLED_AFTER_IMPORT' });
  });

  it('leaves Amazon-fulfilled orders alone (the model\'s JP example is FBA)', () => {
    expect(orderDisposition(modelExample('250-1234567-8901234'), undefined, 'h1')).toMatchObject({ action: 'ignore', reason: 'fulfilled by Amazon (FBA)', state: 'ignored' });
  });

  it('records what shipped, from the items or else from the packages', () => {
    const o = withStatus('PARTIALLY_SHIPPED');
    o.orderItems[0]!.fulfillment = { quantityFulfilled: 2, quantityUnfulfilled: 1 };
    expect(shippedQuantities(o)).toEqual({ S1: 2 });
    expect(orderDisposition(o, verified, 'h1')).toMatchObject({ action: 'unchanged', shipped: { S1: 2 } });
    delete o.orderItems[0]!.fulfillment;
    o.packages = [
      { packageReferenceId: 'P1', packageItems: [{ orderItemId: 'S1', quantity: 1 }] },
      { packageReferenceId: 'P2', packageItems: [{ orderItemId: 'S1', quantity: 1 }] },
    ];
    expect(shippedQuantities(o)).toEqual({ S1: 2 });
  });
});
