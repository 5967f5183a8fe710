/**
 * The pure parts of the orders flow's conflict actions: an archived product is PRODUCT_ARCHIVED (naming SKU and
 * product), never SKU_UNMAPPED nor sold; both sides of an edited order in one comparable shape; which conflicts
 * offer take_amazon / keep_erp / activate_and_retry; the Orders screen's "totals differ" rule.
 */
import { describe, expect, it } from 'vitest';
import { context, order } from '../mapping/order.fixtures.ts';
import { mapOrder } from '../mapping/order.mapper.ts';
import { comparableSides } from './edited-order-sides.ts';
import { hasErpSide, keepErpAction, takeAmazonAction } from './edited-order.actions.ts';
import { activateAndRetryAction, archivedProductOf } from './activate-product.action.ts';
import { totalsDiffer } from '../api/order-queries.ts';
import { actionFits } from '../../frame/conflict-actions.ts';
import type { ActionConflict } from '../../frame/flow-conflicts.ts';

const conflict = (over: Partial<ActionConflict>): ActionConflict => ({
  id: 1, backendId: 1, kind: 'order', amazonKey: '028-1111111-2222222', code: 'ORDER_EDITED_IN_ERP', amazonSnapshot: null, erpSnapshot: null, diff: null, ...over,
});

describe('PRODUCT_ARCHIVED in the mapper', () => {
  it('a SKU whose product is archived is PRODUCT_ARCHIVED with SKU and product named, not SKU_UNMAPPED', () => {
    const o = order('DE', [{ id: 'B1', sku: 'OLD-MUG', qty: 1, unit: 4900, rate: 19 }]);
    const r = mapOrder(o, context({ archivedBySku: new Map([['OLD-MUG', { productId: 77, name: 'Old mug' }]]) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual(['PRODUCT_ARCHIVED']);
    expect(r.problems[0]).toMatchObject({ details: { sku: 'OLD-MUG', productId: 77, product: 'Old mug', orderItemId: 'B1' } });
    expect(r.problems[0]!.message).toContain('OLD-MUG');
    expect(r.problems[0]!.message).toContain('"Old mug"');
  });

  it('a SKU with neither an active nor an archived product stays SKU_UNMAPPED', () => {
    const r = mapOrder(order('DE', [{ id: 'B1', sku: 'NOPE', qty: 1, unit: 4900, rate: 19 }]), context({ archivedBySku: new Map() }));
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toContain('SKU_UNMAPPED');
  });
});

describe('comparableSides', () => {
  const line = (kind: 'product' | 'shipping', sku: string | undefined, quantity: number, amount: string, productId: number) =>
    ({ kind, sku, quantity, priceUnit: { amount, currency: 'EUR' }, vals: { product_id: productId } }) as never;

  it('keys lines by SKU (service lines by kind), normalises the ERP\'s numbers and leaves out lines at quantity 0', () => {
    const sides = comparableSides(
      [line('product', 'MUG-1', 3, '12.90', 5), line('product', 'TEA-2', 1, '4.50', 6), line('shipping', undefined, 1, '4.90', 90)],
      [
        { id: 1, productId: 5, quantity: '1.0', priceUnit: '12.9' },
        { id: 2, productId: 90, quantity: '1', priceUnit: '4.9' },
        { id: 3, productId: 6, quantity: '0.0', priceUnit: '4.5' },
        { id: 4, productId: 44, quantity: '2', priceUnit: '1' },
      ],
      'EUR',
    );
    expect(sides.amazon).toEqual({ 'MUG-1': { quantity: '3', priceUnit: '12.90' }, 'TEA-2': { quantity: '1', priceUnit: '4.50' }, shipping: { quantity: '1', priceUnit: '4.90' } });
    expect(sides.erp).toEqual({ 'MUG-1': { quantity: '1', priceUnit: '12.90' }, shipping: { quantity: '1', priceUnit: '4.90' }, 'product 44': { quantity: '2', priceUnit: '1.00' } });
  });

  it('two lines of one SKU stay two rows', () => {
    const sides = comparableSides([line('product', 'MUG-1', 1, '1.00', 5), line('product', 'MUG-1', 2, '1.00', 5)], [{ id: 1, productId: 5, quantity: '1', priceUnit: '1' }, { id: 2, productId: 5, quantity: '2.5', priceUnit: '1' }], 'EUR');
    expect(Object.keys(sides.amazon)).toEqual(['MUG-1', 'MUG-1 (2)']);
    expect(sides.erp['MUG-1 (2)']).toEqual({ quantity: '2.5', priceUnit: '1.00' });
  });
});

describe('which conflicts offer the actions', () => {
  it('take_amazon and keep_erp need the ERP side (not for an order gone from the ERP, nor an unidentified one)', () => {
    const withErp = conflict({ diff: { erp: { id: 9, state: 'sale' } } });
    expect([actionFits(takeAmazonAction, withErp), actionFits(keepErpAction, withErp)]).toEqual([true, true]);
    expect(hasErpSide(conflict({ diff: null }))).toBe(false);
    expect(hasErpSide(conflict({ erpSnapshot: { id: 9 } }))).toBe(true);
    expect(hasErpSide(conflict({ amazonKey: 'unidentified:x', diff: { erp: { id: 9 } } }))).toBe(false);
  });

  it('activate_and_retry needs the archived product the conflict names', () => {
    expect(archivedProductOf({ sku: 'A', productId: 7 })).toBe(7);
    expect(archivedProductOf({ sku: 'A', productId: '7' })).toBeNull();
    expect(actionFits(activateAndRetryAction, conflict({ code: 'PRODUCT_ARCHIVED', diff: { sku: 'A', productId: 7 } }))).toBe(true);
    expect(actionFits(activateAndRetryAction, conflict({ code: 'PRODUCT_ARCHIVED', diff: { sku: 'A' } }))).toBe(false);
  });
});

describe('totalsDiffer', () => {
  it('compares in minor units of the currency: float noise is no difference, a cent is', () => {
    expect(totalsDiffer('59.90', '59.9', 'EUR')).toBe(false);
    expect(totalsDiffer('59.90', '59.899999999', 'EUR')).toBe(false);
    expect(totalsDiffer('59.90', '59.89', 'EUR')).toBe(true);
    expect(totalsDiffer('5980', '5980.0', 'JPY')).toBe(false);
    expect(totalsDiffer('59.90', null, 'EUR')).toBe(false);
    expect(totalsDiffer('59.90', 'abc', 'EUR')).toBe(false);
  });
});
