import { describe, expect, it } from 'vitest';
import { bufferOf, offerQuantity } from './offer-quantity.ts';

const none = { fixed: 0, percent: 0, cap: null };

describe('offerQuantity', () => {
  it('shows the free quantity less the unreserved Amazon units', () => {
    expect(offerQuantity({ freeQty: 10, allocationPercent: 100, unreservedUnits: 3, buffer: none })).toMatchObject({ quantity: 7, available: 10, net: 7, held: 0 });
  });

  it('never goes below zero when orders outrun the stock', () => {
    expect(offerQuantity({ freeQty: 2, allocationPercent: 100, unreservedUnits: 5, buffer: none }).quantity).toBe(0);
    expect(offerQuantity({ freeQty: -4, allocationPercent: 100, unreservedUnits: 0, buffer: none }).quantity).toBe(0);
  });

  it('holds back a fixed number plus a percentage rounded up, and says when the buffer is why it shows nothing', () => {
    expect(offerQuantity({ freeQty: 20, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 2, percent: 10, cap: null } })).toMatchObject({ quantity: 16, held: 4 });
    expect(offerQuantity({ freeQty: 3, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 0, percent: 10, cap: null } })).toMatchObject({ quantity: 2, held: 1 });
    expect(offerQuantity({ freeQty: 2, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 2, percent: 0, cap: null } })).toMatchObject({ quantity: 0, underBuffer: true });
    expect(offerQuantity({ freeQty: 0, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 2, percent: 0, cap: null } }).underBuffer).toBe(false);
  });

  it('caps what is offered', () => {
    expect(offerQuantity({ freeQty: 500, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 0, percent: 0, cap: 25 } }).quantity).toBe(25);
    expect(offerQuantity({ freeQty: 5, allocationPercent: 100, unreservedUnits: 0, buffer: { fixed: 0, percent: 0, cap: 25 } }).quantity).toBe(5);
  });

  it('gives two backends sharing a warehouse never more than it holds together', () => {
    const half = (free: number) => offerQuantity({ freeQty: free, allocationPercent: 50, unreservedUnits: 0, buffer: none }).quantity;
    for (const free of [0, 1, 7, 11, 101]) expect(half(free) * 2).toBeLessThanOrEqual(free);
    const share = (p: number) => offerQuantity({ freeQty: 10, allocationPercent: p, unreservedUnits: 0, buffer: none }).quantity;
    expect(share(30) + share(70)).toBeLessThanOrEqual(10);
    expect(share(0)).toBe(0);
  });

  it('floors fractional ERP quantities without floating point losses', () => {
    expect(offerQuantity({ freeQty: 0.1 + 0.2 + 2.7, allocationPercent: 100, unreservedUnits: 0, buffer: none }).quantity).toBe(3);
    expect(offerQuantity({ freeQty: 4.99, allocationPercent: 100, unreservedUnits: 0, buffer: none }).quantity).toBe(4);
  });
});

describe('bufferOf', () => {
  it('lets a SKU replace single keys of the backend buffer; no cap anywhere is null', () => {
    const backend = { fixed: 2, percent: 10, cap: 50 };
    expect(bufferOf(backend, undefined)).toEqual(backend);
    expect(bufferOf(backend, { fixed: 0 })).toEqual({ fixed: 0, percent: 10, cap: 50 });
    expect(bufferOf(backend, { cap: 1_000_000 })).toEqual({ fixed: 2, percent: 10, cap: 1_000_000 });
    expect(bufferOf({ fixed: 0, percent: 0 }, {})).toEqual({ fixed: 0, percent: 0, cap: null });
  });
});
