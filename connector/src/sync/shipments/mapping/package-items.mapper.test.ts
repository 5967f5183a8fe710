import { describe, expect, it } from 'vitest';
import { packageItems, type ItemToShip } from './package-items.mapper.ts';

const items: ItemToShip[] = [
  { orderItemId: 'A1', sku: 'MUG-RED', quantityOrdered: 3 },
  { orderItemId: 'B2', sku: 'CUP-BLUE', quantityOrdered: 1 },
  { orderItemId: 'C3', sku: 'MUG-RED-DE', quantityOrdered: 2 },
];
// MUG-RED and MUG-RED-DE are one ERP product (two SKUs on one product).
const productsBySku = new Map([['MUG-RED', [10]], ['CUP-BLUE', [20]], ['MUG-RED-DE', [10]]]);

describe('packageItems', () => {
  it('a full delivery: every item with its units, in Amazon order', () => {
    const r = packageItems({ moves: [{ productId: 20, quantity: 1 }, { productId: 10, quantity: 5 }], items, productsBySku, alreadyShipped: {} });
    expect(r).toEqual({ ok: true, items: [{ orderItemId: 'A1', quantity: 3 }, { orderItemId: 'B2', quantity: 1 }, { orderItemId: 'C3', quantity: 2 }] });
  });

  it('a partial delivery then its backorder: the backorder gets what the first package left', () => {
    const first = packageItems({ moves: [{ productId: 10, quantity: 2 }], items, productsBySku, alreadyShipped: {} });
    expect(first).toEqual({ ok: true, items: [{ orderItemId: 'A1', quantity: 2 }] });
    const second = packageItems({ moves: [{ productId: 10, quantity: 3 }, { productId: 20, quantity: 1 }], items, productsBySku, alreadyShipped: { A1: 2 } });
    expect(second).toEqual({ ok: true, items: [{ orderItemId: 'A1', quantity: 1 }, { orderItemId: 'B2', quantity: 1 }, { orderItemId: 'C3', quantity: 2 }] });
  });

  it('moves of one product on two lines add up', () => {
    const r = packageItems({ moves: [{ productId: 20, quantity: 0.5 }, { productId: 20, quantity: 0.5 }], items, productsBySku, alreadyShipped: {} });
    expect(r).toEqual({ ok: true, items: [{ orderItemId: 'B2', quantity: 1 }] });
  });

  it('a product no item sells is SHIPMENT_ITEM_UNMATCHED', () => {
    const r = packageItems({ moves: [{ productId: 99, quantity: 1 }], items, productsBySku, alreadyShipped: {} });
    expect(r).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_ITEM_UNMATCHED', detail: { productId: 99 } } });
  });

  it('an item without SKU never matches', () => {
    const r = packageItems({ moves: [{ productId: 10, quantity: 1 }], items: [{ orderItemId: 'X', sku: null, quantityOrdered: 1 }], productsBySku, alreadyShipped: {} });
    expect(r).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_ITEM_UNMATCHED' } });
  });

  it('more units than the order has left is SHIPMENT_QUANTITY_EXCEEDED with the excess', () => {
    const r = packageItems({ moves: [{ productId: 20, quantity: 2 }], items, productsBySku, alreadyShipped: {} });
    expect(r).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_QUANTITY_EXCEEDED', detail: { beyond: 1 } } });
    const again = packageItems({ moves: [{ productId: 20, quantity: 1 }], items, productsBySku, alreadyShipped: { B2: 1 } });
    expect(again).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_QUANTITY_EXCEEDED' } });
  });

  it('a fractional quantity is SHIPMENT_QUANTITY_FRACTIONAL; no unit at all is SHIPMENT_EMPTY', () => {
    expect(packageItems({ moves: [{ productId: 20, quantity: 0.5 }], items, productsBySku, alreadyShipped: {} })).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_QUANTITY_FRACTIONAL' } });
    expect(packageItems({ moves: [], items, productsBySku, alreadyShipped: {} })).toMatchObject({ ok: false, problem: { code: 'SHIPMENT_EMPTY' } });
  });
});
