import { describe, expect, it } from 'vitest';
import { stockFigures, type FbaPoolStock } from './stock-advice.ts';

const terms = { leadTimeDays: 7, targetCoverDays: 21, moq: 0, casePack: 6, halfLifeWeeks: 2 };
const pool = (p: Partial<FbaPoolStock>): FbaPoolStock => ({ pool: 'EU', fulfillable: 0, reservedReturning: 0, inbound: 0, snapshotAt: '2026-12-01T00:00:00.000Z', ...p });

describe('stock figures of the advice', () => {
  it('counts the ERP warehouses (on hand + incoming) and FBA (fulfillable + returning, inbound shown only)', () => {
    const s = stockFigures([{ sku: 'MUG', dailyDemand: 3 }], {
      productOf: new Map([['MUG', 10]]), erp: new Map([[10, { onHand: 12, incoming: 6 }]]),
      fba: new Map([['MUG', [pool({ fulfillable: 10, reservedReturning: 2, inbound: 40 })]]]), warehouseIds: [1],
    }, () => terms).get('MUG')!;
    expect(s).toMatchObject({
      productId: 10, skus: ['MUG'], onHand: 24, inbound: 6, coverDays: 10,
      erp: { onHand: 12, inbound: 6, coverDays: 6 }, fba: { onHand: 12, inboundNotCounted: 40, coverDays: 4 },
      // 84 needed over 7 + 21 days, 30 there: 54, a multiple of the case pack of 6
      suggested: { needed: 84, available: 30, quantity: 54, roundedBy: 'none' },
      // min 21 / max 84 less the 12 units at Amazon
      erpOrderpoint: { min: 9, max: 72 },
    });
  });

  it('adds the demand of SKUs sharing a product, and their FBA stock, against the product stock once', () => {
    const out = stockFigures([{ sku: 'MUG', dailyDemand: 2 }, { sku: 'MUG-FBA', dailyDemand: 1 }, { sku: 'TEA', dailyDemand: 0 }], {
      productOf: new Map([['MUG', 10], ['MUG-FBA', 10]]), erp: new Map([[10, { onHand: 20, incoming: 0 }]]),
      fba: new Map([['MUG-FBA', [pool({ fulfillable: 10 })]], ['TEA', [pool({ fulfillable: 5 })]]]), warehouseIds: [1],
    }, () => terms);
    expect(out.get('MUG')).toEqual(out.get('MUG-FBA'));
    expect(out.get('MUG')).toMatchObject({ skus: ['MUG', 'MUG-FBA'], dailyDemand: 3, onHand: 30, coverDays: 10, suggested: { quantity: 54 } });
    // no product, nothing selling: only its FBA stock, cover for ever (null), nothing to order
    expect(out.get('TEA')).toMatchObject({ productId: null, onHand: 5, coverDays: null, suggested: { quantity: 0 }, erpOrderpoint: { min: 0, max: 0 } });
  });

  it('never gives a rule below zero when Amazon holds more than the demand needs', () => {
    const s = stockFigures([{ sku: 'MUG', dailyDemand: 1 }], {
      productOf: new Map([['MUG', 10]]), erp: new Map(), fba: new Map([['MUG', [pool({ fulfillable: 500 })]]]), warehouseIds: [],
    }, () => terms).get('MUG')!;
    expect(s).toMatchObject({ erp: { onHand: 0, inbound: 0, coverDays: 0 }, erpOrderpoint: { min: 0, max: 0 }, suggested: { quantity: 0 } });
  });
});
