import { describe, expect, it } from 'vitest';
import { deliveryWindow, dueAt, orderSkus } from './delivery-window.ts';

const order = (status: string, extra: Record<string, unknown> = {}) => ({
  fulfillment: { fulfillmentStatus: status, deliverByWindow: { earliestDateTime: '2026-11-02T00:00:00Z', latestDateTime: '2026-11-05T00:00:00Z' } },
  orderItems: [{ product: { sellerSku: 'MUG-1' } }, { product: { sellerSku: 'TEA-2' } }],
  ...extra,
});

describe('deliveryWindow', () => {
  it('is Amazon\'s: delivered at the earliest delivery date, closed 30 days after the latest one', () => {
    const w = deliveryWindow(order('SHIPPED'))!;
    expect(w.deliveredAt.toISOString()).toBe('2026-11-02T00:00:00.000Z');
    expect(w.windowEndsAt.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(dueAt(w, 5).toISOString()).toBe('2026-11-07T00:00:00.000Z');
  });

  it('moves with a package that left after the earliest delivery date', () => {
    const w = deliveryWindow(order('SHIPPED', { packages: [{ shipTime: '2026-11-04T10:00:00Z' }, { shipTime: '2026-11-06T10:00:00Z' }] }))!;
    expect(w.deliveredAt.toISOString()).toBe('2026-11-06T10:00:00.000Z');
    expect(w.windowEndsAt.toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });

  it('is null before the order is shipped or without a delivery window', () => {
    expect(deliveryWindow(order('UNSHIPPED'))).toBeNull();
    expect(deliveryWindow({ fulfillment: { fulfillmentStatus: 'SHIPPED' } })).toBeNull();
    expect(orderSkus(order('SHIPPED'))).toEqual(['MUG-1', 'TEA-2']);
  });
});
