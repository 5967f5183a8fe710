import { describe, expect, it } from 'vitest';
import { merchantStockSettings, type MerchantStockSettings } from '../merchant-stock.settings.ts';
import { planOffers } from './plan-offers.ts';

const settings = (over: Partial<MerchantStockSettings> = {}): MerchantStockSettings => ({
  warehouses: { DEFAULT: [] }, buffer: { fixed: 0, percent: 0 }, skuBuffers: {}, excludedSkus: [], allocationPercent: 100, urgentMaxSkus: 20, urgentPollSeconds: 3, reconcile: { intervalMinutes: 60, settleSeconds: 300 }, ...over,
});

describe('planOffers', () => {
  it('gives every SKU of a product its whole figure, less the open orders of all its SKUs', () => {
    const skus = [{ sku: 'MUG-A', productId: 1, lastOrderFba: false }, { sku: 'MUG-B', productId: 1, lastOrderFba: false }, { sku: 'PEN', productId: 2, lastOrderFba: false }];
    const out = planOffers(skus, new Map([[1, 10], [2, 4]]), new Map([['MUG-A', 2], ['MUG-B', 1]]), settings());
    expect(out.map((o) => [o.sku, o.quantity])).toEqual([['MUG-A', 7], ['MUG-B', 7], ['PEN', 4]]);
    expect(out[0]!.inputs).toMatchObject({ freeQty: 10, unreservedUnits: 3 });
  });

  it('leaves out excluded and FBA SKUs, whose merchant orders still lower the product', () => {
    const skus = [{ sku: 'A', productId: 1, lastOrderFba: false }, { sku: 'A-FBA', productId: 1, lastOrderFba: true }, { sku: 'A-OLD', productId: 1, lastOrderFba: false }];
    const out = planOffers(skus, new Map([[1, 10]]), new Map([['A-OLD', 4]]), settings({ excludedSkus: ['A-OLD'] }));
    expect(out.map((o) => [o.sku, o.quantity])).toEqual([['A', 6]]);
  });

  it("applies a SKU's own buffer over the backend's, and a product the ERP lacks shows 0", () => {
    const skus = [{ sku: 'A', productId: 1, lastOrderFba: false }, { sku: 'B', productId: 1, lastOrderFba: false }, { sku: 'C', productId: 3, lastOrderFba: false }];
    const out = planOffers(skus, new Map([[1, 10]]), new Map(), settings({ buffer: { fixed: 1, percent: 0 }, skuBuffers: { B: { cap: 2 } } }));
    expect(out.map((o) => [o.sku, o.quantity])).toEqual([['A', 9], ['B', 2], ['C', 0]]);
  });

  it('reads its settings from the namespace defaults', () => {
    const parsed = merchantStockSettings.of({ merchantStock: settings() });
    expect(planOffers([{ sku: 'A', productId: 1, lastOrderFba: false }], new Map([[1, 3]]), new Map(), parsed)[0]!.quantity).toBe(3);
  });
  it("decides FBA-only by the listing's channels when read: a SKU sold both ways is sent whatever its last order", () => {
    const skus = [
      { sku: 'DUAL', productId: 1, lastOrderFba: true, channels: ['AMAZON_EU', 'DEFAULT'] },
      { sku: 'FBA', productId: 1, lastOrderFba: false, channels: ['AMAZON_EU'] },
      { sku: 'GUESS-FBA', productId: 1, lastOrderFba: true, channels: null },
      { sku: 'MFN', productId: 1, lastOrderFba: false },
    ];
    expect(planOffers(skus, new Map([[1, 5]]), new Map(), settings()).map((o) => [o.sku, o.quantity])).toEqual([['DUAL', 5], ['MFN', 5]]);
  });
});
