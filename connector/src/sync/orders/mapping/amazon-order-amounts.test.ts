import { describe, expect, it } from 'vitest';
import { amazonOrderAmounts } from './amazon-order-amounts.ts';
import { order } from './order.fixtures.ts';

describe("an order's amounts as the invoices flow checks them", () => {
  it('EU: the gross total and the VAT the seller owes', () => {
    const o = order('DE', [{ id: '1', sku: 'A', qty: 2, unit: 1999, rate: 19, shipping: 499 }, { id: '2', sku: 'B', qty: 1, unit: 1000, rate: 7 }]);
    // 2 x 19.99 + 4.99 at 19 % (tax 6.38 + 0.80) and 10.00 at 7 % (tax 0.65), prices gross.
    expect(amazonOrderAmounts(o)).toEqual({ currency: 'EUR', total: 3998n + 499n + 1000n, tax: 638n + 80n + 65n });
  });

  it('US: sales tax withheld by Amazon (marketplace facilitator) stays off the total and the tax', () => {
    const o = order('US', [{ id: '1', sku: 'A', qty: 1, unit: 2500, rate: 8, shipping: 500 }]);
    expect(amazonOrderAmounts(o)).toEqual({ currency: 'USD', total: 3000n, tax: 0n });
  });

  it('an item without tax and with money on it: the tax is not Amazon-given (only the total compares)', () => {
    const o = order('DE', [{ id: '1', sku: 'A', qty: 1, unit: 1190, rate: 0 }]);
    expect(amazonOrderAmounts(o)).toMatchObject({ total: 1190n, tax: null });
  });

  it('an untaxed withheld item: the VAT inside its gross is the import\'s record of it, else the amounts are unknown', () => {
    // The UK as deemed supplier, the model's shape: 17.74 gross, no TAX breakdown, Amazon keeps the 20 % VAT (2.96).
    const o = order('DE', [{ id: '1', sku: 'A', qty: 1, unit: 1774, rate: 0 }]);
    o.orderItems[0]!.tax = { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon EU S.a.r.l., UK Branch' }] };
    expect(amazonOrderAmounts(o, { '1': { amount: '2.96', currency: 'EUR' } })).toEqual({ currency: 'EUR', total: 1478n, tax: 0n });
    // Never the gross as if it were the seller's: no record (or one in another currency) is no amounts.
    expect(amazonOrderAmounts(o)).toBeNull();
    expect(amazonOrderAmounts(o, { '1': { amount: '2.96', currency: 'GBP' } })).toBeNull();
    // A US sales-tax-free sale (withheld, 0.00): the import recorded no tax inside, the total is the amount.
    expect(amazonOrderAmounts(o, { '1': { amount: '0.00', currency: 'EUR' } })).toEqual({ currency: 'EUR', total: 1774n, tax: 0n });
  });
});
