import { describe, expect, it } from 'vitest';
import type { CreditLine } from './erp/credit-note.gateway.ts';
import { priceAdjustments } from './price-adjustments.ts';
import type { RefundDocument } from './refund-document.ts';

const SHIP = 90;
const PROMO = 91;
const ROUND = 92;
const kinds = new Map([[SHIP, 'service:shipping'], [PROMO, 'service:promotion'], [ROUND, 'service:rounding']]);
const line = (id: number, sku: string | null, productId: number, quantity: number, priceUnit: number, priceTotal = priceUnit * quantity): CreditLine =>
  ({ id, sku, productId, quantity, priceUnit, priceTotal, displayType: 'product' });
const doc = (items: Array<{ sku: string; quantity: number; parts: Record<string, number> }>): RefundDocument => ({
  refundId: 'R1', transactionId: 'T1', orderId: 'O1', postedDate: '2026-12-01T00:00:00Z', status: 'RELEASED', marketplaceId: null, currency: 'EUR',
  totalMinor: '0', creditMinor: '0', deferral: null,
  items: items.map((i) => ({ itemId: null, sku: i.sku, quantity: i.quantity, creditMinor: '0', parts: Object.fromEntries(Object.entries(i.parts).map(([k, v]) => [k, String(v)])) })),
});

describe('a refund of part of a price: each line carries exactly its refunded amount', () => {
  it('tax-included prices carry the item\'s tax share; units kept when the amount divides, else one unit', () => {
    // 2 units at 8.80 gross (7.39 net + 1.41 tax): 3.00 refunded for both, tax 0.48 of it.
    const plan = priceAdjustments([line(1, 'A', 1, 2, 8.8)], doc([{ sku: 'A', quantity: 2, parts: { 'productcharges/principal': -252, tax: -48 } }]), kinds);
    expect([...plan.updates]).toEqual([[1, { quantity: 2, price_unit: 1.5 }]]);
    const odd = priceAdjustments([line(1, 'A', 1, 2, 8.8)], doc([{ sku: 'A', quantity: 2, parts: { 'productcharges/principal': -107 } }]), kinds);
    expect([...odd.updates]).toEqual([[1, { quantity: 1, price_unit: 1.07 }]]);
  });

  it('a line whose tax Amazon withheld (no tax, the net price) carries the refund less the tax Amazon hands back', () => {
    // UK, Amazon the deemed supplier: 6.00 refunded of a gross price (no TAX given), 1.00 of it VAT Amazon withheld.
    const uk = priceAdjustments([line(1, 'A', 1, 1, 20)], doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -600, 'taxwithheld/marketplacefacilitatortax': 100 } }]), kinds);
    expect([...uk.updates]).toEqual([[1, { quantity: 1, price_unit: 5 }]]);
    // US: the sales tax refunded and withheld cancel out; the net is left.
    const us = priceAdjustments([line(1, 'A', 1, 1, 20)], doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -500, tax: -45, 'taxwithheld/marketplacefacilitatortax': 45 } }]), kinds);
    expect([...us.updates]).toEqual([[1, { quantity: 1, price_unit: 5 }]]);
  });

  it('tax-excluded prices carry the net: the ERP adds the tax as on the invoice', () => {
    const plan = priceAdjustments([line(1, 'A', 1, 1, 10, 11.9)], doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -500, tax: -95 } }]), kinds);
    expect([...plan.updates]).toEqual([[1, { quantity: 1, price_unit: 5 }]]);
  });

  it('shipping and promotion lines set to their refunded parts (a promotion keeps its sign), a rounding line left off; whole lines untouched', () => {
    const lines = [line(1, 'A', 1, 1, 20), line(2, null, SHIP, 1, 4.9), line(3, null, PROMO, 1, -2), line(4, null, ROUND, 1, 0.01)];
    const plan = priceAdjustments(lines, doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -2000, 'productcharges/shipping': -245, 'promotion/promotion': 100 } }]), kinds);
    expect([...plan.updates]).toEqual([[2, { quantity: 1, price_unit: 2.45 }], [3, { quantity: 1, price_unit: -1 }]]);
    expect(plan.removed).toEqual([4]);
  });

  it('a service line with nothing refunded is removed', () => {
    const plan = priceAdjustments([line(1, 'A', 1, 1, 20), line(2, null, SHIP, 1, 4.9)], doc([{ sku: 'A', quantity: 1, parts: { 'productcharges/principal': -1000 } }]), kinds);
    expect(plan.removed).toEqual([2]);
    expect([...plan.updates]).toEqual([[1, { quantity: 1, price_unit: 10 }]]);
  });
});
