/**
 * A gross Amazon gave without its TAX takes the rate of the product's tax class; without a tax_class_map row for the
 * SKU, the class is what the mapped ERP product's own sales tax says (context `productTaxClasses`, read by
 * order-context.ts from `taxes_id`), before the `*` row.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import type { TaxClass } from '../../../core/vat/index.ts';
import { context, order } from './order.fixtures.ts';
import { mapOrder } from './order.mapper.ts';
import { ok, proceedsIn } from './shape.fixtures.ts';

/** Two packs of tea (ERP product 2) on Amazon.de to Germany, 2 x 5.35 gross at 7 % with 2.14 shipping, no TAX given. */
function tea(): Order {
  const o = order('DE', [{ id: 'T1', sku: 'TEA-EARLGREY-100', qty: 2, unit: 535, rate: 7 }]);
  o.orderItems[0]!.proceeds = proceedsIn('untaxed', { ITEM: 1070n, SHIPPING: 214n }, '7', 'EUR');
  return o;
}
const reducedDe: TaxClass = { class: 'reduced', rates: { DE: '7' } };
const fromErp = (entries: Array<[number, TaxClass]>) => new Map(entries);

describe("the tax class of an untaxed gross from the ERP product's sales tax", () => {
  it('takes the reduced rate of the product\'s reduced ERP tax, with no tax_class_map row', () => {
    const r = ok(mapOrder(tea(), context({ productTaxClasses: fromErp([[2, reducedDe]]) })));
    expect(r.amountShapes.T1!.shape).toBe('gross_tax_computed');
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      ['product', 5.35, [[6, 0, [102]]]],
      ['shipping', 2.14, [[6, 0, [102]]]],
    ]);
    // 10.70 + 2.14 gross; VAT round(10.70 x 7/107) + round(2.14 x 7/107) = 0.70 + 0.14.
    expect(r.erpTotals.total).toEqual({ amount: '12.84', currency: 'EUR' });
    expect(r.expectedTotal).toEqual(r.erpTotals.total);
    expect(r.erpTotals.tax).toEqual({ amount: '0.84', currency: 'EUR' });
  });

  it("the SKU's own tax_class_map row wins over the ERP product's tax, which wins over the * row", () => {
    const own = ok(mapOrder(tea(), context({ taxClasses: new Map([['TEA-EARLGREY-100', { class: 'standard' }]]), productTaxClasses: fromErp([[2, reducedDe]]) })));
    expect(own.lines[0]!.tax).toMatchObject({ taxId: 101, rate: '19' });
    const star = ok(mapOrder(tea(), context({ taxClasses: new Map([['*', { class: 'standard' }]]), productTaxClasses: fromErp([[2, reducedDe]]) })));
    expect(star.lines[0]!.tax).toMatchObject({ taxId: 102, rate: '7' });
  });

  it("another product's class is not borrowed; with none the item is TAX_RATE_UNDECIDED, saying where to set it", () => {
    const r = mapOrder(tea(), context({ productTaxClasses: fromErp([[1, reducedDe]]) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.message])).toEqual([
      ['TAX_RATE_UNDECIDED', expect.stringContaining("set the product's sales tax in the ERP (its standard or reduced VAT), or give the SKU a tax_class_map row")],
    ]);
  });

  it('a SKU without an ERP product is one SKU_UNMAPPED conflict, not also TAX_RATE_UNDECIDED (its class may come with the product)', () => {
    const o = tea();
    o.orderItems[0]!.product.sellerSku = 'TEA-UNKNOWN-1';
    const r = mapOrder(o, context({}));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.code)).toEqual(['SKU_UNMAPPED']);
  });
});
