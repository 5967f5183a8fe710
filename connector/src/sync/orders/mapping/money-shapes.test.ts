/**
 * Amazon's money shapes (issue 8), on hand-built Orders v2026-01-01 items and the model's own examples: the same
 * sale given as net + TAX, as gross with the included TAX given, and as gross without any TAX must book the same
 * ERP order; COD fee and other charges in each shape; what cannot be read is a conflict with a stable code.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { context, order, TAX_ROWS } from './order.fixtures.ts';
import { mapOrder } from './order.mapper.ts';
import { ok, proceedsIn, type Shape } from './shape.fixtures.ts';
import { buildTaxTable, type TaxRow } from './tax-table.ts';
import type { TaxClass } from '../../../core/vat/index.ts';

/** One mug on Amazon.de to Germany, 2 x 12.90 gross at 19 % with 4.90 shipping, in `shape`. */
function domestic(shape: Shape, extra: Record<string, bigint> = {}): Order {
  const o = order('DE', [{ id: 'G1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19 }]);
  o.orderItems[0]!.proceeds = proceedsIn(shape, { ITEM: 2580n, SHIPPING: 490n, ...extra }, '19', 'EUR');
  return o;
}
const standard: TaxClass = { class: 'standard' };
const classes = (entries: Record<string, TaxClass>) => new Map(Object.entries(entries));
const countryIdByCode = new Map([['DE', 57], ['FR', 75], ['IT', 109], ['GB', 231], ['US', 233], ['JP', 113], ['TR', 223]]);

describe('money shapes: decided per item from Amazon\'s arithmetic', () => {
  it.each<Shape>(['net_plus_tax', 'gross_tax_given', 'untaxed'])('%s books the same ERP order, at Amazon\'s total and VAT', (shape) => {
    const r = ok(mapOrder(domestic(shape), context({ taxClasses: classes({ 'MUG-CER-BLUE': standard }) })));
    expect(r.amountShapes.G1!.shape).toBe(shape === 'untaxed' ? 'gross_tax_computed' : shape);
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      ['product', 12.9, [[6, 0, [101]]]],
      ['shipping', 4.9, [[6, 0, [101]]]],
    ]);
    // 25.80 + 4.90 gross; VAT round(25.80 x 19/119) + round(4.90 x 19/119) = 4.12 + 0.78.
    expect(r.expectedTotal).toEqual({ amount: '30.70', currency: 'EUR' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    expect(r.expectedTax).toEqual({ amount: '4.90', currency: 'EUR' });
    expect(r.erpTotals.tax).toEqual(r.expectedTax);
  });

  it.each<Shape>(['net_plus_tax', 'gross_tax_given', 'untaxed'])('%s: COD fee and other charges become their service lines, taxed like the item', (shape) => {
    const o = domestic(shape, { COD_FEE: 300n, OTHER: 119n, DISCOUNT: -238n });
    const r = ok(mapOrder(o, context({ taxClasses: classes({ '*': standard }), roundingMethod: 'round_per_line' })));
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      ['product', 12.9, [[6, 0, [101]]]],
      ['shipping', 4.9, [[6, 0, [101]]]],
      ['codFee', 3, [[6, 0, [101]]]],
      ['other', 1.19, [[6, 0, [101]]]],
      ['promotion', -2.38, [[6, 0, [101]]]],
    ]);
    expect(r.expectedTotal).toEqual({ amount: '32.51', currency: 'EUR' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    // 4.12 + 0.78 + 0.48 + 0.19 - 0.38
    expect(r.erpTotals.tax).toEqual({ amount: '5.19', currency: 'EUR' });
    expect(r.expectedTax).toEqual(r.erpTotals.tax);
  });

  it('with price-excluded ERP taxes a gross with the TAX given still lands on Amazon\'s total', () => {
    const taxes = buildTaxTable([{ regime: 'any', countryCode: 'DE', rate: '19', taxId: 201, priceIncluded: false }]);
    const r = ok(mapOrder(domestic('gross_tax_given'), context({ taxes })));
    // Nets: 25.80 - 4.12 = 21.68 (10.84 a unit), 4.90 - 0.78 = 4.12.
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit])).toEqual([['product', 10.84], ['shipping', 4.12]]);
    expect(r.erpTotals.total).toEqual({ amount: '30.70', currency: 'EUR' });
  });

  it('an untaxed gross without a tax class takes the seller\'s only rate there, else is TAX_RATE_UNDECIDED (never a line without tax)', () => {
    const one = buildTaxTable([{ regime: 'domestic', countryCode: 'DE', rate: '19', taxId: 119, priceIncluded: true }]);
    expect(ok(mapOrder(domestic('untaxed'), context({ taxes: one }))).lines[0]!.vals.tax_ids).toEqual([[6, 0, [119]]]);
    const r = mapOrder(domestic('untaxed'), context());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        code: 'TAX_RATE_UNDECIDED',
        message: expect.stringContaining('19, 7 %'),
        details: { regime: 'domestic', countryCode: 'DE', sku: 'MUG-CER-BLUE', orderItemId: 'G1', taxClass: null },
      },
    ]);
  });

  it('a reduced-rate class takes the reduced rate, and a class with several rates there needs the rate pinned', () => {
    const reduced = ok(mapOrder(domestic('untaxed'), context({ taxClasses: classes({ 'MUG-CER-BLUE': { class: 'reduced' } }) })));
    expect(reduced.lines[0]!.tax).toMatchObject({ taxId: 102, rate: '7' });
    const fr = buildTaxTable(['20', '10', '5.5', '2.1'].map((rate, i): TaxRow => ({ regime: 'oss', countryCode: 'FR', rate, taxId: 300 + i, priceIncluded: true })));
    const toFrance = () => {
      const o = domestic('untaxed');
      o.recipient!.deliveryAddress!.countryCode = 'FR';
      return o;
    };
    const r = mapOrder(toFrance(), context({ countryIdByCode, taxes: fr, taxClasses: classes({ '*': { class: 'reduced' } }) }));
    expect(r.ok ? [] : r.problems.map((p) => [p.code, p.message])).toEqual([['TAX_RATE_UNDECIDED', expect.stringContaining('10, 5.5, 2.1')]]);
    const pinned = ok(mapOrder(toFrance(), context({ countryIdByCode, taxes: fr, taxClasses: classes({ '*': { class: 'reduced', rates: { FR: '5.5' } } }) })));
    expect(pinned.lines[0]!.tax).toMatchObject({ taxId: 302, rate: '5.5' });
    expect(pinned.erpTotals.total).toEqual({ amount: '30.70', currency: 'EUR' });
  });

  it('a proceedsTotal that fits neither shape is AMOUNT_SHAPE_UNKNOWN, with no total check piled on', () => {
    const o = domestic('net_plus_tax');
    o.orderItems[0]!.proceeds!.proceedsTotal = { amount: '99.99', currencyCode: 'EUR' };
    const r = mapOrder(o, context());
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['AMOUNT_SHAPE_UNKNOWN']);
  });

  it('without a proceedsTotal an item with TAX is read as net + TAX (the model\'s convention)', () => {
    const o = domestic('net_plus_tax');
    delete o.orderItems[0]!.proceeds!.proceedsTotal;
    expect(ok(mapOrder(o, context())).erpTotals.total).toEqual({ amount: '30.70', currency: 'EUR' });
  });

  it('a 0.00 TAX to a business across the EU stays a real 0 % (reverse charge), not a gross without tax', () => {
    const o = domestic('untaxed');
    o.recipient!.deliveryAddress!.countryCode = 'IT';
    o.tax = { taxRegistrations: [{ entityType: 'BUYER', taxRegistrationType: 'VAT', taxRegistrationNumber: 'IT00743110157' }] };
    const taxes = buildTaxTable([...TAX_ROWS, { regime: 'intra_eu_b2b', countryCode: 'IT', rate: '0', taxId: 131, priceIncluded: true }]);
    const r = ok(mapOrder(o, context({ countryIdByCode, taxes, taxClasses: classes({ '*': standard }) })));
    expect(r.vat.regime).toBe('intra_eu_b2b');
    expect(r.amountShapes.G1).toEqual({ shape: 'untaxed' });
    expect(r.lines.map((l) => [l.vals.price_unit, l.vals.tax_ids])).toEqual([[12.9, [[6, 0, [131]]]], [4.9, [[6, 0, [131]]]]]);
  });

  it('a pending order without prices is ORDER_NOT_PRICED, not an order at zero', () => {
    const o = domestic('net_plus_tax');
    delete o.orderItems[0]!.proceeds;
    const r = mapOrder(o, context());
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['ORDER_NOT_PRICED']);
  });
});
