import { describe, expect, it } from 'vitest';
import { cancellationKey, planCancellation, type AmazonItem } from './cancel-units.ts';

const item = (id: string, productId: number, ordered: number, more: Partial<AmazonItem> = {}): AmazonItem => ({
  orderItemId: id, productIds: [productId], quantityOrdered: ordered, cancelledAtAmazon: 0, shipped: 0, requested: 0, ...more,
});
const qty = (pairs: Array<[number, number]>) => new Map(pairs);

describe('planCancellation', () => {
  it('an ERP order cancelled before anything shipped is the whole order', () => {
    const items = [item('A', 1, 2), item('B', 2, 1)];
    const plan = planCancellation(items, { cancelled: true, quantityByProduct: qty([[1, 2], [2, 1]]) });
    expect(plan).toEqual({ items: [{ orderItemId: 'A', quantity: 2 }, { orderItemId: 'B', quantity: 1 }], wholeOrder: true, tooLate: [] });
  });

  it('a lowered line cancels the difference on that item only', () => {
    const items = [item('A', 1, 3), item('B', 2, 1)];
    const plan = planCancellation(items, { cancelled: false, quantityByProduct: qty([[1, 1], [2, 1]]) });
    expect(plan).toEqual({ items: [{ orderItemId: 'A', quantity: 2 }], wholeOrder: false, tooLate: [] });
  });

  it('the same state again after the request was queued plans nothing (a repeated event)', () => {
    const items = [item('A', 1, 3, { requested: 2 })];
    expect(planCancellation(items, { cancelled: false, quantityByProduct: qty([[1, 1]]) }).items).toEqual([]);
  });

  it('a second, later lowering of the same line is a new cancellation of the new difference, with a new key', () => {
    const before = [item('A', 1, 3)];
    const first = planCancellation(before, { cancelled: false, quantityByProduct: qty([[1, 2]]) });
    const after = [item('A', 1, 3, { requested: 1, cancelledAtAmazon: 1 })];
    const second = planCancellation(after, { cancelled: false, quantityByProduct: qty([[1, 1]]) });
    expect(second.items).toEqual([{ orderItemId: 'A', quantity: 1 }]);
    expect(cancellationKey('O-1', before, first.items)).toBe('O-1/A=1');
    expect(cancellationKey('O-1', after, second.items)).toBe('O-1/A=2');
  });

  it('shipped units are never asked for: the rest is too late', () => {
    const items = [item('A', 1, 3, { shipped: 2 })];
    const plan = planCancellation(items, { cancelled: true, quantityByProduct: qty([[1, 3]]) });
    expect(plan).toEqual({ items: [{ orderItemId: 'A', quantity: 1 }], wholeOrder: false, tooLate: [{ productId: 1, units: 2 }] });
  });

  it('units Amazon cancelled itself are not asked for again; more units in the ERP than Amazon sells cancel nothing', () => {
    const items = [item('A', 1, 3, { cancelledAtAmazon: 1 }), item('B', 2, 1)];
    expect(planCancellation(items, { cancelled: false, quantityByProduct: qty([[1, 2], [2, 4]]) }).items).toEqual([]);
  });

  it('two items of one product: taken in Amazon order; an unmapped item is left alone', () => {
    const items = [item('A', 1, 1), item('B', 1, 2), { ...item('C', 0, 1), productIds: [] }];
    const plan = planCancellation(items, { cancelled: false, quantityByProduct: qty([[1, 1]]) });
    expect(plan.items).toEqual([{ orderItemId: 'A', quantity: 1 }, { orderItemId: 'B', quantity: 1 }]);
  });

});
