import { describe, expect, it } from 'vitest';
import { blockers } from './cancel-erp-order.ts';
import { buyerNoteText, DEFAULT_BUYER_NOTE } from './cancellations.settings.ts';
import { amazonCancelledActions, buyerRequestActions } from './conflict-actions.ts';
import { buyerCancelRequestOf } from './hand-off.ts';
import type { ErpOrderState } from './erp/sale-cancel.gateway.ts';
import type { Order } from '../../amazon/models/orders-v2026.ts';

const erpOrder = (o: Partial<ErpOrderState> = {}): ErpOrderState => ({ id: 7, name: 'S00007', state: 'sale', locked: false, invoiceStatus: 'to invoice', writeDate: '', deliveries: [], ...o });
const delivery = (state: string, doneQuantity = 0) => ({ id: 1, name: 'WH/OUT/1', state, doneQuantity, writeDate: '' });
const order = (status: string, cancellation?: unknown) =>
  ({ orderId: '028-1', fulfillment: { fulfillmentStatus: status }, orderItems: [{ orderItemId: 'i1', quantityOrdered: 1, ...(cancellation ? { cancellation } : {}) }] }) as unknown as Order;

describe('cancellations: what may be cancelled silently', () => {
  it('an order with an open delivery and nothing done may; shipped, partly picked, invoiced or locked may not', () => {
    expect(blockers(erpOrder({ deliveries: [delivery('assigned')] }))).toBeNull();
    expect(blockers(erpOrder({ deliveries: [delivery('done', 2)] }))).toEqual({ shipped: true, invoiced: false, locked: false });
    expect(blockers(erpOrder({ deliveries: [delivery('assigned', 1)] }))?.shipped).toBe(true);
    expect(blockers(erpOrder({ invoiceStatus: 'invoiced' }))?.invoiced).toBe(true);
    expect(blockers(erpOrder({ locked: true }))?.locked).toBe(true);
  });

  it('offers cancel_in_erp only where the conflict says nothing shipped', () => {
    const conflict = (diff: unknown) => ({ id: 1, backendId: 1, kind: 'order', amazonKey: '028-1', code: 'X', amazonSnapshot: null, erpSnapshot: null, diff });
    const fits = (actions: typeof amazonCancelledActions, diff: unknown) => actions.find((a) => a.action === 'cancel_in_erp')!.available!(conflict(diff));
    expect(fits(amazonCancelledActions, null)).toBe(true);
    expect(fits(amazonCancelledActions, { shipped: false, invoiced: true })).toBe(false);
    expect(fits(buyerRequestActions, { shipped: false, invoiced: true })).toBe(true);
    expect(fits(buyerRequestActions, { shipped: true })).toBe(false);
  });
});

describe('cancellations: a buyer request', () => {
  it('is an item the buyer asked to cancel that nobody cancelled yet, on an order still to ship', () => {
    const request = { cancellationRequest: { requester: 'BUYER', cancelReason: 'Ordered by mistake' } };
    expect(buyerCancelRequestOf(order('UNSHIPPED', request))).toEqual({ reason: 'Ordered by mistake' });
    expect(buyerCancelRequestOf(order('UNSHIPPED'))).toBeNull();
    expect(buyerCancelRequestOf(order('UNSHIPPED', { ...request, cancellationExecution: { cancelledBy: 'BUYER' } }))).toBeNull();
    expect(buyerCancelRequestOf(order('CANCELLED', request))).toBeNull();
  });

  it('fills the note template', () => {
    expect(buyerNoteText(DEFAULT_BUYER_NOTE, '028-1', null)).toContain('order 028-1 (no reason given)');
    expect(buyerNoteText('{amazonOrderId}: {reason}', '028-1', ' Too late ')).toBe('028-1: Too late');
  });
});
