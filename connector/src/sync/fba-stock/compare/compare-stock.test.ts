import { describe, expect, it } from 'vitest';
import { autoApplies, compareProduct, compareStock, type CompareContext, type SkuFigures } from './compare-stock.ts';

const sku = (over: Partial<SkuFigures> = {}): SkuFigures => ({
  sellerSku: 'MUG', fulfillable: 100, inboundWorking: 0, inboundShipped: 0, inboundReceiving: 0, reservedPendingCustomerOrder: 0,
  reservedPendingTransshipment: 0, reservedFcProcessing: 0, researching: 0, unfulfillable: 0, amazonUpdatedAt: new Date('2026-12-01T10:00:00Z'), ...over,
});
const ctx: CompareContext = { ordersReadUntil: new Date('2026-12-01T12:00:00Z') };

describe('FBA stock comparison', () => {
  it('finds no drift when the documents explain the difference', () => {
    // 100 sellable, 5 reserved for an order not shipped, 3 shipped whose delivery is not validated: the ERP holds 108.
    expect(compareProduct({ productId: 1, skus: [sku({ reservedPendingCustomerOrder: 5 })], erpStock: 108, erpUnsellable: 0, pendingShipped: 3 }, ctx)).toEqual([]);
  });

  it('accepts units in transfer or processing at Amazon as held or not held', () => {
    const s = [sku({ reservedPendingTransshipment: 4, reservedFcProcessing: 2 })];
    for (const erpStock of [100, 103, 106]) expect(compareProduct({ productId: 1, skus: s, erpStock, erpUnsellable: 0, pendingShipped: 0 }, ctx)).toEqual([]);
    const [over] = compareProduct({ productId: 1, skus: s, erpStock: 110, erpUnsellable: 0, pendingShipped: 0 }, ctx);
    expect(over).toMatchObject({ location: 'stock', targetQty: 106, difference: -4, cause: 'LOST_OR_DAMAGED' });
  });

  it('adds the SKUs of one product up', () => {
    const lines = compareProduct({ productId: 7, skus: [sku({ sellerSku: 'B', fulfillable: 30 }), sku({ sellerSku: 'A', fulfillable: 20 })], erpStock: 40, erpUnsellable: 0, pendingShipped: 0 }, ctx);
    expect(lines).toEqual([{ productId: 7, location: 'stock', skus: ['A', 'B'], amazonQty: 50, expectedMin: 50, expectedMax: 50, erpQty: 40, targetQty: 50, difference: 10, cause: 'RETURN_NOT_RECORDED' }]);
  });

  it('names the likely cause', () => {
    const one = (s: Partial<SkuFigures>, erpStock: number, erpUnsellable = 0, c: CompareContext = ctx) =>
      compareProduct({ productId: 1, skus: [sku(s)], erpStock, erpUnsellable, pendingShipped: 0 }, c).map((l) => [l.location, l.cause, l.difference]);
    expect(one({ inboundReceiving: 10 }, 90)).toEqual([['stock', 'INBOUND_NOT_RECORDED', 10]]);
    expect(one({ unfulfillable: 2 }, 102)).toEqual([['stock', 'DAMAGED_IN_WAREHOUSE', -2], ['unsellable', 'DAMAGED_IN_WAREHOUSE', 2]]);
    expect(one({ unfulfillable: 2 }, 100)).toEqual([['unsellable', 'RETURN_NOT_RECORDED', 2]]);
    expect(one({ unfulfillable: 0 }, 100, 3)).toEqual([['unsellable', 'REMOVAL_NOT_RECORDED', -3]]);
    expect(one({ researching: 5 }, 103)).toEqual([['stock', 'IN_RESEARCH', -3]]);
    expect(one({ amazonUpdatedAt: new Date('2026-12-01T12:30:00Z') }, 104)).toEqual([['stock', 'ORDERS_NOT_YET_IMPORTED', -4]]);
    expect(one({}, 104, 0, { ordersReadUntil: null })).toEqual([['stock', 'ORDERS_NOT_YET_IMPORTED', -4]]);
  });

  it('reports ERP stock of a product Amazon does not list as UNKNOWN, to be counted to zero', () => {
    expect(compareStock([{ productId: 9, skus: [], erpStock: 4, erpUnsellable: 1, pendingShipped: 0 }], ctx).map((l) => [l.location, l.targetQty, l.cause])).toEqual([
      ['stock', 0, 'UNKNOWN'],
      ['unsellable', 0, 'UNKNOWN'],
    ]);
  });

  it('applies without a person only within both limits and never a transient cause', () => {
    const limits = { autoApplyMaxUnits: 5, autoApplyMaxPercent: 10 };
    expect(autoApplies({ difference: -3, erpQty: 100, cause: 'LOST_OR_DAMAGED' }, limits)).toBe(true);
    expect(autoApplies({ difference: -6, erpQty: 100, cause: 'LOST_OR_DAMAGED' }, limits)).toBe(false);
    expect(autoApplies({ difference: 3, erpQty: 20, cause: 'RETURN_NOT_RECORDED' }, limits)).toBe(false);
    expect(autoApplies({ difference: 3, erpQty: 0, cause: 'RETURN_NOT_RECORDED' }, limits)).toBe(false);
    expect(autoApplies({ difference: -3, erpQty: 100, cause: 'ORDERS_NOT_YET_IMPORTED' }, limits)).toBe(false);
    expect(autoApplies({ difference: -3, erpQty: 100, cause: 'LOST_OR_DAMAGED' }, { autoApplyMaxUnits: 0, autoApplyMaxPercent: 0 })).toBe(false);
  });
});
