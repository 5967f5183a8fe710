import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.ts';
import { OrderStore } from '../store/order-store.ts';
import { FbaStock } from './fba-stock.ts';

const DE = 'A1PA6795UKMFR9';
const fbaOrder = (orderId: string, status: string, qty: number, shipped = 0) => ({
  orderId, createdTime: '2026-03-01T10:00:00Z', lastUpdatedTime: '2026-03-01T10:00:00Z',
  salesChannel: { channelName: 'AMAZON', marketplaceId: DE },
  fulfillment: { fulfillmentStatus: status, fulfilledBy: 'AMAZON' },
  orderItems: [{ orderItemId: '1', quantityOrdered: qty, product: { sellerSku: 'SKU-A' },
    fulfillment: { quantityFulfilled: shipped, quantityUnfulfilled: qty - shipped } }],
});

function setup(fulfillable: number) {
  const stock = new FbaStock(loadCatalogue(), () => Date.parse('2026-03-01T10:00:00Z'));
  const store = new OrderStore(() => 0);
  store.onChange = (prev, next) => stock.orderChanged(prev, next);
  stock.set('S', 'EU', 'SKU-A', { fulfillable });
  const rec = () => stock.list('S', 'EU')[0]!;
  return { store, rec };
}

describe('FBA stock moved by orders', () => {
  it('reserves only what is fulfillable; shipping takes the reserve, then fulfillable for the rest', () => {
    const { store, rec } = setup(3);
    store.put('S', fbaOrder('O1', 'UNSHIPPED', 5));
    expect([rec().fulfillable, rec().reserved.pendingCustomerOrder]).toEqual([0, 3]);
    store.put('S', fbaOrder('O1', 'SHIPPED', 5, 5));
    expect([rec().fulfillable, rec().reserved.pendingCustomerOrder]).toEqual([0, 0]);
  });

  it('a cancellation returns the reserve; history (created shipped) and merchant orders move nothing', () => {
    const { store, rec } = setup(10);
    store.put('S', fbaOrder('O1', 'PENDING', 4));
    store.put('S', fbaOrder('O1', 'CANCELLED', 4));
    store.put('S', fbaOrder('O2', 'SHIPPED', 2, 2));
    const merchant = fbaOrder('O3', 'UNSHIPPED', 2);
    merchant.fulfillment.fulfilledBy = 'MERCHANT';
    store.put('S', merchant);
    expect([rec().fulfillable, rec().reserved.pendingCustomerOrder]).toEqual([10, 0]);
    // An FBA order never reserved (stored UNFULFILLABLE first) still takes from fulfillable what it ships.
    store.put('S', fbaOrder('O4', 'UNFULFILLABLE', 1));
    store.put('S', fbaOrder('O4', 'SHIPPED', 1, 1));
    expect(rec().fulfillable).toBe(9);
  });
});
