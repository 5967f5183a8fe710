import { describe, expect, it } from 'vitest';
import { order } from './mapping/order.fixtures.ts';
import { fbaMarketplaceCustomer } from './mapping/partner.mapper.ts';
import { orderDisposition } from './order-disposition.ts';

type Status = 'PENDING' | 'UNSHIPPED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'CANCELLED';
const fba = (status: Status) => {
  const o = order('DE', [{ id: 'S1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 }]);
  o.fulfillment!.fulfillmentStatus = status;
  o.fulfillment!.fulfilledBy = 'AMAZON';
  return o;
};
const verified = { erpWriteDate: '2026-11-20 10:00:05', payloadHash: 'h1' };

describe('FBA orders in the order disposition', () => {
  it('are ignored as before while the fba flow is off', () => {
    expect(orderDisposition(fba('SHIPPED'), undefined, 'h1')).toMatchObject({ action: 'ignore', state: 'ignored' });
    expect(orderDisposition(fba('SHIPPED'), undefined, 'h1', { fba: false })).toMatchObject({ action: 'ignore' });
  });

  it('with the fba flow on: a shipped one is created, the others wait until Amazon shipped them', () => {
    expect(orderDisposition(fba('SHIPPED'), undefined, 'h1', { fba: true }).action).toBe('create');
    for (const s of ['PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED'] as const) {
      expect(orderDisposition(fba(s), undefined, 'h1', { fba: true })).toMatchObject({ action: 'wait', code: 'FBA_NOT_SHIPPED' });
    }
    expect(orderDisposition(fba('CANCELLED'), undefined, 'h1', { fba: true })).toMatchObject({ action: 'ignore', state: 'not_imported' });
    expect(orderDisposition(fba('SHIPPED'), verified, 'h1', { fba: true }).action).toBe('unchanged');
  });
});

describe('the FBA customer of a marketplace', () => {
  it('stands in for an FBA order without any buyer data, one per marketplace', () => {
    const o = fba('SHIPPED');
    delete o.buyer;
    delete o.recipient;
    o.salesChannel.marketplaceName = 'Amazon.de';
    expect(fbaMarketplaceCustomer(o)).toEqual({ key: `fba:${o.salesChannel.marketplaceId}`, vals: { name: 'Amazon FBA customer (amazon.de)', is_company: false } });
  });

  it('is not used when Amazon gives the buyer, nor for merchant orders', () => {
    const withBuyer = fba('SHIPPED');
    withBuyer.buyer = { buyerName: 'Erika Mustermann' };
    expect(fbaMarketplaceCustomer(withBuyer)).toBeNull();
    const merchant = fba('SHIPPED');
    merchant.fulfillment!.fulfilledBy = 'MERCHANT';
    delete merchant.buyer;
    delete merchant.recipient;
    expect(fbaMarketplaceCustomer(merchant)).toBeNull();
  });
});
