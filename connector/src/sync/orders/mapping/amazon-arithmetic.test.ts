/**
 * Amazon's arithmetic and plausibility, checked by the mapper before anything is written (issue 9): each broken
 * order is a problem with its own code, never an ERP order; the legitimate shapes around them map as before.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { context, modelExample, order } from './order.fixtures.ts';
import { mapOrder } from './order.mapper.ts';
import { money, ok } from './shape.fixtures.ts';

const eur = (minor: bigint) => money(minor, 'EUR');
// 2 x mug at 12.90 gross (19 %) with 4.90 shipping; 1 x tea at 8.50 (7 %): 39.20 in all.
const specs = [
  { id: 'A1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490 },
  { id: 'A2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
];
/** The EU order with Amazon's order-level proceeds: grand total and the aggregated breakdowns. */
function priced(grand = 3920n): Order {
  const o = order('DE', specs);
  o.fulfillment = { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' };
  o.proceeds = { grandTotal: eur(grand) };
  return o;
}
const codes = (o: Order, creating = true) => {
  const r = mapOrder(o, context({ creating }));
  return r.ok ? [] : r.problems.map((p) => p.code);
};

describe("Amazon's totals", () => {
  it('the priced order maps, grand total and order-level breakdowns being the sums of its items', () => {
    const o = priced();
    o.proceeds!.breakdowns = [{ type: 'ITEM', subtotal: eur(2962n) }, { type: 'SHIPPING', subtotal: eur(412n) }, { type: 'TAX', subtotal: eur(546n) }];
    expect(ok(mapOrder(o, context())).expectedTotal).toEqual({ amount: '39.20', currency: 'EUR' });
  });

  it('an item priced at nothing while the grand total says 5.00 is AMAZON_TOTAL_INCONSISTENT, not an order of 0.00', () => {
    const o = priced(500n);
    o.orderItems = [o.orderItems[1]!];
    o.orderItems[0]!.proceeds = { breakdowns: [{ type: 'ITEM', subtotal: eur(0n) }] };
    const r = mapOrder(o, context());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([expect.objectContaining({ code: 'AMAZON_TOTAL_INCONSISTENT', details: { what: 'grand total', amazon: '5.00', items: '0.00', currency: 'EUR' } })]);
  });

  it('a grand total that disagrees with the items is a conflict, not an order at the sum of the lines', () => {
    expect(codes(priced(4020n))).toEqual(['AMAZON_TOTAL_INCONSISTENT']);
    const o = priced();
    o.proceeds!.breakdowns = [{ type: 'ITEM', subtotal: eur(3999n) }];
    expect(codes(o)).toEqual(['AMAZON_TOTAL_INCONSISTENT']);
  });

  it('an item without proceeds still waits (ORDER_NOT_PRICED), whatever the grand total says', () => {
    const o = priced(500n);
    delete o.orderItems[1]!.proceeds;
    expect(codes(o)).toEqual(['ORDER_NOT_PRICED']);
  });

  it('a delivery tip belongs in the grand total; a PENDING one may not be there yet', () => {
    const o = priced(4420n);
    o.proceeds!.breakdowns = [{ type: 'DELIVERY_TIP', status: 'FINALIZED', subtotal: eur(500n) }];
    expect(codes(o)).toEqual([]);
    o.proceeds!.breakdowns[0]!.status = 'PENDING';
    expect(codes(o)).toEqual([]);
    o.proceeds!.grandTotal = eur(3920n);
    expect(codes(o)).toEqual([]);
    o.proceeds!.breakdowns[0]!.status = 'FINALIZED';
    expect(codes(o)).toEqual(['AMAZON_TOTAL_INCONSISTENT']);
  });

  it("the model's own examples add up (the tip, the withheld tax, JPY)", () => {
    for (const id of ['123-4567890-1234567', '202-1234567-8901234', '114-9876543-1234567', '028-1234567-8901234']) {
      const o = modelExample(id);
      const r = mapOrder(o, context());
      const found = r.ok ? [] : r.problems.map((p) => p.code);
      for (const code of ['AMAZON_TOTAL_INCONSISTENT', 'AMOUNT_SIGN_INVALID', 'ITEM_QUANTITY_INVALID', 'ORDER_WITHOUT_UNITS', 'AMOUNT_TOO_LARGE']) {
        expect(found, id).not.toContain(code);
      }
    }
  });
});

describe('signs', () => {
  it('a negative ITEM is AMOUNT_SIGN_INVALID, not an order of -5.00', () => {
    const o = priced(-500n);
    o.orderItems = [o.orderItems[1]!];
    o.orderItems[0]!.proceeds = { proceedsTotal: eur(-500n), breakdowns: [{ type: 'ITEM', subtotal: eur(-500n) }] };
    expect(new Set(codes(o))).toEqual(new Set(['AMOUNT_SIGN_INVALID']));
  });

  it('a positive DISCOUNT, a negative TAX, and a promotion larger than the price are refused; a normal promotion is not', () => {
    const up = order('DE', [{ id: 'D1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19, discount: -200 }]);
    expect(codes(up)).toEqual([]);
    const discount = up.orderItems[0]!.proceeds!.breakdowns!.find((b) => b.type === 'DISCOUNT')!;
    discount.subtotal = { ...discount.subtotal, amount: discount.subtotal.amount.replace('-', '') };
    expect(codes(up)).toContain('AMOUNT_SIGN_INVALID');
    const tax = order('DE', [{ id: 'D2', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19, taxOverride: -206 }]);
    expect(codes(tax)).toContain('AMOUNT_SIGN_INVALID');
    const larger = order('DE', [{ id: 'D3', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19, discount: -1500 }]);
    expect(codes(larger)).toContain('AMOUNT_SIGN_INVALID');
  });
});

describe('quantities', () => {
  it('an order whose only item has quantity 0 is ORDER_WITHOUT_UNITS, not a confirmed order without lines', () => {
    const o = order('DE', [{ id: 'Q1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]);
    o.orderItems[0]!.quantityOrdered = 0;
    o.orderItems[0]!.proceeds = { proceedsTotal: eur(0n), breakdowns: [{ type: 'ITEM', subtotal: eur(0n) }] };
    expect(codes(o)).toEqual(['ORDER_WITHOUT_UNITS']);
  });

  it('money on an item of quantity 0, or a negative quantity, is ITEM_QUANTITY_INVALID', () => {
    const zero = order('DE', specs);
    zero.orderItems[1]!.quantityOrdered = 0;
    expect(codes(zero)).toEqual(['ITEM_QUANTITY_INVALID']);
    const negative = order('DE', specs);
    negative.orderItems[1]!.quantityOrdered = -1;
    expect(codes(negative)).toEqual(['ITEM_QUANTITY_INVALID']);
  });

  it('a line Amazon cancelled (quantity 0, no money; or every unit cancelled by the seller, zero proceeds) beside a sold one maps without a line', () => {
    const o = order('DE', specs);
    o.orderItems[1]!.quantityOrdered = 0;
    delete o.orderItems[1]!.proceeds;
    expect(ok(mapOrder(o, context())).lines.map((l) => l.sku ?? l.kind)).toEqual(['MUG-CER-BLUE', 'shipping']);
    const cancelled = order('DE', specs);
    const tea = cancelled.orderItems[1]!;
    tea.cancellation = { cancellationExecution: { cancelledBy: 'SELLER', cancelReason: 'NoInventory' } };
    tea.fulfillment = { quantityFulfilled: 0, quantityUnfulfilled: 0 };
    tea.proceeds = { proceedsTotal: eur(0n), breakdowns: [{ type: 'ITEM', subtotal: eur(0n) }] };
    expect(ok(mapOrder(cancelled, context())).lines.map((l) => l.sku ?? l.kind)).toEqual(['MUG-CER-BLUE', 'shipping']);
    // Still charged for the unit the seller cancelled: money for no unit.
    cancelled.orderItems[1] = { ...tea, proceeds: order('DE', specs).orderItems[1]!.proceeds! };
    expect(codes(cancelled)).toEqual(['ITEM_QUANTITY_INVALID']);
  });
});

describe('magnitudes', () => {
  it('12345678901234.56 is AMOUNT_TOO_LARGE before anything is written; just under 10^12 minor units maps exactly', () => {
    const huge = order('DE', [{ id: 'H1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 }]);
    huge.orderItems[0]!.proceeds = { proceedsTotal: eur(1234567890123456n), breakdowns: [{ type: 'ITEM', subtotal: eur(1234567890123456n) }] };
    expect(codes(huge)).toContain('AMOUNT_TOO_LARGE');
    expect(codes(huge)).not.toContain('TOTAL_MISMATCH');
    const large = order('DE', [{ id: 'H2', sku: 'MUG-CER-BLUE', qty: 1, unit: 999_999_999_999, rate: 19 }]);
    const r = ok(mapOrder(large, context()));
    expect(r.expectedTotal).toEqual({ amount: '9999999999.99', currency: 'EUR' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
  });
});

describe('the delivery address', () => {
  it('a merchant order without one (or without a street) is DELIVERY_ADDRESS_MISSING; FBA and imported orders need none', () => {
    const none = priced();
    delete none.recipient;
    expect(codes(none)).toEqual(['DELIVERY_ADDRESS_MISSING']);
    const noStreet = priced();
    noStreet.recipient!.deliveryAddress = { ...noStreet.recipient!.deliveryAddress!, addressLine1: ' ', addressLine2: undefined };
    expect(codes(noStreet)).toEqual(['DELIVERY_ADDRESS_MISSING']);
    const fba = priced();
    delete fba.recipient;
    fba.fulfillment = { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'AMAZON' };
    expect(codes(fba)).toEqual([]);
    // An imported order's later update: its contact exists (the stored PII may be redacted by then).
    expect(codes(none, false)).toEqual([]);
  });
});
