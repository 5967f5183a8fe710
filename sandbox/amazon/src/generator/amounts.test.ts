import { describe, expect, it } from 'vitest';
import { itemProceeds, orderProceeds, type ItemCharges } from './amounts.ts';
import { toMinor } from './money.ts';

const DE = { kind: 'vat-inclusive', rateBp: 1900 } as const;
// 2 x 12.90 gross, 4.99 shipping, a 10 % item promotion, an OTHER charge of 1.50: 29.71 paid in every shape.
const charges: ItemCharges = { item: 2580, shipping: 499, giftWrap: 0, other: 150, itemDiscount: 258, shippingDiscount: 0 };
const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
const taxOf = (item: string, shipping: string, other: string, discount: string, total: string) => ({
  type: 'TAX', subtotal: eur(total), detailedBreakdowns: [{ subtype: 'ITEM', value: eur(item) },
    { subtype: 'SHIPPING', value: eur(shipping) }, { subtype: 'OTHER', value: eur(other) }, { subtype: 'DISCOUNT', value: eur(discount) }],
});
const grossParts = [{ type: 'ITEM', subtotal: eur('25.80') }, { type: 'SHIPPING', subtotal: eur('4.99') },
  { type: 'OTHER', subtotal: eur('1.50') },
  { type: 'DISCOUNT', subtotal: eur('-2.58'), detailedBreakdowns: [{ subtype: 'ITEM', value: eur('-2.58') }] }];

describe('item proceeds in each money shape', () => {
  it('net_plus_tax: components net of VAT, TAX added, proceedsTotal their sum', () => {
    expect(itemProceeds(charges, DE, 'EUR', 2, 'net_plus_tax')).toEqual({
      proceedsTotal: eur('29.71'),
      breakdowns: [{ type: 'ITEM', subtotal: eur('21.68') }, { type: 'SHIPPING', subtotal: eur('4.19') },
        { type: 'OTHER', subtotal: eur('1.26') },
        { type: 'DISCOUNT', subtotal: eur('-2.17'), detailedBreakdowns: [{ subtype: 'ITEM', value: eur('-2.17') }] },
        taxOf('4.12', '0.80', '0.24', '-0.41', '4.75')],
    });
  });

  it('gross_with_tax: VAT-inclusive components (ITEM = unit price x qty), TAX the included VAT, not added', () => {
    expect(itemProceeds(charges, DE, 'EUR', 2, 'gross_with_tax')).toEqual({
      proceedsTotal: eur('29.71'), breakdowns: [...grossParts, taxOf('4.12', '0.80', '0.24', '-0.41', '4.75')] });
  });

  it('gross_no_tax: VAT-inclusive components and no TAX breakdown at all', () => {
    expect(itemProceeds(charges, DE, 'EUR', 2, 'gross_no_tax')).toEqual({ proceedsTotal: eur('29.71'), breakdowns: grossParts });
  });

  it('gross_zero_tax: VAT-inclusive components, TAX 0.00 as sellers see it in EU orders', () => {
    expect(itemProceeds(charges, DE, 'EUR', 2, 'gross_zero_tax')).toEqual({
      proceedsTotal: eur('29.71'), breakdowns: [...grossParts, taxOf('0.00', '0.00', '0.00', '0.00', '0.00')] });
  });

  it('sales tax is added to net prices whatever the shape (the model’s US example)', () => {
    const us = { kind: 'sales-tax', rateMilliPct: 8_875 } as const;
    const c: ItemCharges = { item: 9998, shipping: 0, giftWrap: 0, itemDiscount: 0, shippingDiscount: 0 };
    const usd = (amount: string) => ({ amount, currencyCode: 'USD' });
    for (const shape of ['net_plus_tax', 'gross_no_tax'] as const) {
      expect(itemProceeds(c, us, 'USD', 2, shape)).toEqual({ proceedsTotal: usd('108.85'), breakdowns: [
        { type: 'ITEM', subtotal: usd('99.98') },
        { type: 'TAX', subtotal: usd('8.87'), detailedBreakdowns: [{ subtype: 'ITEM', value: usd('8.87') }] }] });
    }
  });

  it('JPY has no decimals; consumption tax inside the price (8 % reduced), a COD fee taxed at the item’s rate', () => {
    const jp = { kind: 'vat-inclusive', rateBp: 800 } as const;
    const c: ItemCharges = { item: 4120, shipping: 0, giftWrap: 0, codFee: 330, itemDiscount: 0, shippingDiscount: 0 };
    const jpy = (amount: string) => ({ amount, currencyCode: 'JPY' });
    expect(itemProceeds(c, jp, 'JPY', 0, 'gross_no_tax')).toEqual({ proceedsTotal: jpy('4450'),
      breakdowns: [{ type: 'ITEM', subtotal: jpy('4120') }, { type: 'COD_FEE', subtotal: jpy('330') }] });
    // 4120 * 8/108 = 305.19 -> 305; 330 * 8/108 = 24.4 -> 24
    expect(itemProceeds(c, jp, 'JPY', 0, 'net_plus_tax').breakdowns.at(-1)).toEqual({ type: 'TAX', subtotal: jpy('329'),
      detailedBreakdowns: [{ subtype: 'ITEM', value: jpy('305') }, { subtype: 'COD_FEE', value: jpy('24') }] });
  });
});

describe('order proceeds', () => {
  it('sums the items per type, adds TAX to grandTotal only where the shape added it, and a delivery tip', () => {
    const items = [itemProceeds(charges, DE, 'EUR', 2, 'gross_with_tax'), itemProceeds(charges, DE, 'EUR', 2, 'gross_with_tax')];
    const o = orderProceeds(items, 'EUR', 2, (a) => toMinor(a, 2), [{ type: 'DELIVERY_TIP', status: 'FINALIZED', minor: 500 }]);
    expect(o.grandTotal).toEqual(eur('64.42'));
    expect(o.breakdowns).toEqual([{ type: 'ITEM', subtotal: eur('51.60') }, { type: 'SHIPPING', subtotal: eur('9.98') },
      { type: 'OTHER', subtotal: eur('3.00') }, { type: 'DISCOUNT', subtotal: eur('-5.16') }, { type: 'TAX', subtotal: eur('9.50') },
      { type: 'DELIVERY_TIP', status: 'FINALIZED', subtotal: eur('5.00') }]);
  });
});
