import { describe, expect, it } from 'vitest';
import { dialectFor } from '../../../erp/dialect.ts';
import { context, modelExample, order } from './order.fixtures.ts';
import { mapOrder, type MappedOrder, type MapOrderResult } from './order.mapper.ts';
import { buildTaxTable } from './tax-table.ts';

function ok(r: MapOrderResult): MappedOrder {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.problems)}`);
  return r;
}

// DE: 2 x mug at 12.90 gross (19 %) with 4.90 shipping, 2.99 gift wrap and a 2.00 promotion; 1 x tea at 8.50 (7 %).
const euOrder = () =>
  order('DE', [
    { id: 'A1', sku: 'MUG-CER-BLUE', qty: 2, unit: 1290, rate: 19, shipping: 490, giftWrap: 299, discount: -200 },
    { id: 'A2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 850, rate: 7 },
  ]);

describe('mapOrder: EU, VAT owed by the seller, price-included taxes', () => {
  it('maps products, shipping, gift wrap and a negative promotion line with explicit taxes; totals agree to the cent', () => {
    const r = ok(mapOrder(euOrder(), context()));
    expect(r.lines.map((l) => [l.kind, l.vals])).toEqual([
      ['product', { product_id: 1, product_uom_qty: 2, price_unit: 12.9, tax_ids: [[6, 0, [101]]] }],
      ['product', { product_id: 2, product_uom_qty: 1, price_unit: 8.5, tax_ids: [[6, 0, [102]]] }],
      ['shipping', { product_id: 900, product_uom_qty: 1, price_unit: 4.9, tax_ids: [[6, 0, [101]]] }],
      ['giftWrap', { product_id: 901, product_uom_qty: 1, price_unit: 2.99, tax_ids: [[6, 0, [101]]] }],
      ['promotion', { product_id: 902, product_uom_qty: 1, price_unit: -2, tax_ids: [[6, 0, [101]]] }],
    ]);
    // 25.80 + 8.50 + 4.90 + 2.99 - 2.00; VAT 4.12 + 0.56 + 0.78 + 0.48 - 0.32 as Amazon split it.
    expect(r.expectedTotal).toEqual({ amount: '40.19', currency: 'EUR' });
    expect(r.erpTotals).toEqual({
      untaxed: { amount: '34.57', currency: 'EUR' },
      tax: { amount: '5.62', currency: 'EUR' },
      total: { amount: '40.19', currency: 'EUR' },
    });
    expect(r.withheldTax.total).toEqual({ amount: '0.00', currency: 'EUR' });
  });

  it('fills the header from the marketplace map with the Amazon order id as reference', () => {
    const o = euOrder();
    o.buyer!.buyerPurchaseOrderNumber = 'PO <42>';
    o.orderItems[1]!.fulfillment!.packing = { giftOption: { giftMessage: 'Alles Gute & viel Spaß!' } };
    const r = ok(mapOrder(o, context()));
    expect(r.saleOrder.vals).toEqual({
      client_order_ref: '028-1111111-2222222',
      origin: 'Amazon.de 028-1111111-2222222',
      date_order: '2024-12-24 20:30:00',
      pricelist_id: 11,
      team_id: 21,
      warehouse_id: 31,
      fiscal_position_id: false,
      note: '<p>Buyer PO: PO &lt;42&gt;</p><p>Gift message (TEA-EARLGREY-100): Alles Gute &amp; viel Spaß!</p>',
    });
    expect(r.saleOrder.partnerKey).toBe(r.partner.key);
    expect(r.saleOrder.deliveryKey).toBe(r.delivery?.key);
    expect(r.currency).toBe('EUR');
    expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('sends net prices with price-excluded ERP taxes and still lands on the total', () => {
    const taxes = buildTaxTable([
      { regime: 'any', countryCode: 'DE', rate: '19', taxId: 201, priceIncluded: false },
      { regime: 'any', countryCode: 'DE', rate: '7', taxId: 202, priceIncluded: false },
    ]);
    const r = ok(mapOrder(euOrder(), context({ taxes })));
    const prices = r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids]);
    expect(prices).toEqual([
      ['product', 10.84, [[6, 0, [201]]]], // net 21.68 / 2
      ['product', 7.94, [[6, 0, [202]]]],
      ['shipping', 4.12, [[6, 0, [201]]]],
      ['giftWrap', 2.51, [[6, 0, [201]]]],
      ['promotion', -1.68, [[6, 0, [201]]]],
    ]);
    // Odoo: 19 % of (21.68 + 4.12 + 2.51 - 1.68) = 5.0597 -> 5.06, 7 % of 7.94 = 0.5558 -> 0.56.
    expect(r.erpTotals.total).toEqual({ amount: '40.19', currency: 'EUR' });
  });
});

describe('mapOrder: US marketplace facilitator', () => {
  it('bills no tax, sends net prices and records the withheld tax per item and in total', () => {
    const o = order('US', [
      { id: 'U1', sku: 'KETTLE-STEEL-17', qty: 1, unit: 4319, rate: 8.875, shipping: 599 },
      { id: 'U2', sku: 'MUG-CER-BLUE', qty: 3, unit: 1393, rate: 8.875 },
    ]);
    o.recipient!.deliveryAddress = { name: 'Jane Roe', addressLine1: '1 Main St', city: 'New York', stateOrRegion: 'NY', postalCode: '10001', countryCode: 'US' };
    const r = ok(mapOrder(o, context()));
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      ['product', 43.19, [[6, 0, []]]],
      ['product', 13.93, [[6, 0, []]]],
      ['shipping', 5.99, [[6, 0, []]]],
    ]);
    // 43.19 + 41.79 + 5.99; withheld: round(43.19 * 8.875 %) + round(5.99 * 8.875 %) = 3.83 + 0.53, round(41.79 * 8.875 %) = 3.71.
    expect(r.expectedTotal).toEqual({ amount: '90.97', currency: 'USD' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    expect(r.erpTotals.tax).toEqual({ amount: '0.00', currency: 'USD' });
    expect(r.withheldTax).toEqual({
      total: { amount: '8.07', currency: 'USD' },
      byItem: { U1: { amount: '4.36', currency: 'USD' }, U2: { amount: '3.71', currency: 'USD' } },
      collectedBy: ['Amazon Services, Inc.'],
      reportingSchemes: [],
    });
    // Recorded on the ERP order too, where an accountant looks.
    expect(r.saleOrder.vals.note).toBe('<p>Tax withheld by Amazon Services, Inc. (marketplace facilitator): 8.07 USD, not billed by the seller</p>');
  });
});

describe('mapOrder: problems', () => {
  it('reports an unknown SKU and an unmapped tax together', () => {
    const o = order('DE', [
      { id: 'B1', sku: 'LIMITED-GOLD-MUG', qty: 1, unit: 4900, rate: 19 },
      { id: 'B2', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 19 },
    ]);
    o.recipient!.deliveryAddress!.countryCode = 'AT'; // shipped to Austria: 20 %, no row for it
    o.orderItems[1] = order('DE', [{ id: 'B2', sku: 'MUG-CER-BLUE', qty: 1, unit: 1290, rate: 20 }]).orderItems[0]!;
    const r = mapOrder(o, context({ countryIdByCode: new Map([['AT', 14]]) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      expect.objectContaining({ code: 'SKU_UNMAPPED', details: { sku: 'LIMITED-GOLD-MUG', orderItemId: 'B1' } }),
      expect.objectContaining({ code: 'TAX_UNMAPPED', details: expect.objectContaining({ regime: 'oss', countryCode: 'AT', taxCountry: 'DE', rate: '19' }) }),
      expect.objectContaining({ code: 'TAX_UNMAPPED', details: expect.objectContaining({ regime: 'oss', countryCode: 'AT', rate: '20' }) }),
    ]);
  });

  it('reports an unconfigured marketplace, a foreign currency and a bad amount', () => {
    const o = euOrder();
    o.salesChannel.marketplaceId = 'A13V1IB3VIYZZH';
    o.orderItems[0]!.proceeds!.breakdowns![0]!.subtotal = { amount: '21,68', currencyCode: 'GBP' };
    o.orderItems[1]!.proceeds!.breakdowns![0]!.subtotal.amount = 'seven';
    const r = mapOrder(o, context());
    expect(r.ok).toBe(false);
    if (r.ok) return;
    // Amazon.fr is not set up, one amount is in GBP (read as zero, so its tax fits no rate), one is not a number.
    // The sale, Germany to Germany, is domestic: its taxes no longer depend on the marketplace.
    expect(r.problems.map((p) => p.code)).toEqual(['SETUP_INCOMPLETE', 'ORDER_MALFORMED', 'TAX_UNMAPPED', 'ORDER_MALFORMED']);
    expect(r.problems[1]!.message).toContain('GBP');
    expect(r.problems[2]!.details).toMatchObject({ regime: 'domestic', countryCode: 'DE', rate: 'unknown' });
    expect(r.problems[3]!.message).toContain('seven');
  });
});

describe('mapOrder: rounding', () => {
  it('adds a rounding line of one cent when Amazon\'s unit price does not divide the gross', () => {
    // 3 units for 10.00 gross: 3.33 a unit in the ERP -> 9.99; one cent per line at most is closed.
    const r = ok(mapOrder(order('DE', [{ id: 'R1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 }]), context()));
    expect(r.lines).toHaveLength(1);
    const o = order('DE', [{ id: 'R1', sku: 'MUG-CER-BLUE', qty: 3, unit: 1290, rate: 19 }]);
    const bd = o.orderItems[0]!.proceeds!.breakdowns!;
    bd[0]!.subtotal.amount = '8.40'; // net; tax 1.60 -> gross 10.00
    bd[1]!.subtotal.amount = '1.60';
    bd[1]!.detailedBreakdowns![0]!.value!.amount = '1.60';
    o.orderItems[0]!.proceeds!.proceedsTotal!.amount = '10.00';
    const rr = ok(mapOrder(o, context()));
    expect(rr.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      ['product', 3.33, [[6, 0, [101]]]],
      ['rounding', 0.01, [[6, 0, []]]],
    ]);
    expect(rr.erpTotals.total).toEqual({ amount: '10.00', currency: 'EUR' });
  });

  it('closes a per-line rounding difference of Odoo\'s net-price tax with one cent', () => {
    const taxes = buildTaxTable([{ regime: 'any', countryCode: 'DE', rate: '19', taxId: 201, priceIncluded: false }]);
    // Amazon taxes per unit: 3 x round(0.35 x 19 %) = 0.21; Odoo on the line: round(1.05 x 19 %) = 0.20.
    const o = order('US', [{ id: 'P1', sku: 'MUG-CER-BLUE', qty: 3, unit: 35, rate: 19, perUnitTax: true }]);
    o.salesChannel = { channelName: 'AMAZON', marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de' };
    o.recipient!.deliveryAddress!.countryCode = 'DE';
    delete o.orderItems[0]!.tax; // owed by the seller, not withheld
    o.orderItems.forEach((i) => i.proceeds!.breakdowns!.forEach((b) => (b.subtotal.currencyCode = 'EUR')));
    o.orderItems.forEach((i) => (i.proceeds!.proceedsTotal!.currencyCode = 'EUR'));
    o.orderItems.forEach((i) => i.proceeds!.breakdowns!.forEach((b) => b.detailedBreakdowns?.forEach((d) => (d.value!.currencyCode = 'EUR'))));
    o.orderItems[0]!.product.price!.unitPrice!.currencyCode = 'EUR';
    const r = ok(mapOrder(o, context({ taxes })));
    expect(r.expectedTotal.amount).toBe('1.26');
    expect(r.lines.at(-1)).toMatchObject({ kind: 'rounding', priceUnit: { amount: '0.01', currency: 'EUR' } });
    expect(r.erpTotals.total.amount).toBe('1.26');
  });

  it('refuses a gap larger than one minor unit per line (TOTAL_MISMATCH), never adjusting silently', () => {
    // 10 units: Amazon's tax is 19.04 on 100.00 net (per-unit rounding allows that rate), Odoo's 19.00.
    const taxes = buildTaxTable([{ regime: 'any', countryCode: 'DE', rate: '19', taxId: 201, priceIncluded: false }]);
    const o = order('DE', [{ id: 'M1', sku: 'MUG-CER-BLUE', qty: 10, unit: 1190, rate: 19, taxOverride: 1904 }]);
    o.orderItems[0]!.proceeds!.breakdowns![0]!.subtotal.amount = '100.00';
    const r = mapOrder(o, context({ taxes }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      { code: 'TOTAL_MISMATCH', message: expect.stringContaining('119.00'), details: { expected: '119.04', erp: '119.00', currency: 'EUR', lines: 1 } },
    ]);
  });
});

describe('mapOrder: the ERP tax equals Amazon\'s on a company rounding per line', () => {
  it('keeps a promotion\'s item and shipping parts on lines of their own, each with the tax Amazon gave it', () => {
    // Amazon.co.uk-like amounts at 20 %: the promotion's parts are taxed apart (-0.19 and -0.67 = -0.86); one
    // promotion line of -5.10 would carry round(-5.10 / 6) = -0.85 in Odoo, a cent off Amazon's VAT.
    const o = order('DE', [{ id: 'S1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1109, rate: 20 }]);
    const eur = (amount: string) => ({ amount, currencyCode: 'EUR' });
    o.orderItems[0]!.proceeds = {
      proceedsTotal: eur('9.98'),
      breakdowns: [
        { type: 'ITEM', subtotal: eur('9.24') },
        { type: 'SHIPPING', subtotal: eur('3.32') },
        { type: 'DISCOUNT', subtotal: eur('-4.24'), detailedBreakdowns: [{ subtype: 'ITEM', value: eur('-0.92') }, { subtype: 'SHIPPING', value: eur('-3.32') }] },
        {
          type: 'TAX',
          subtotal: eur('1.66'),
          detailedBreakdowns: [{ subtype: 'ITEM', value: eur('1.85') }, { subtype: 'SHIPPING', value: eur('0.67') }, { subtype: 'DISCOUNT', value: eur('-0.86') }],
        },
      ],
    };
    const taxes = buildTaxTable([{ regime: 'any', countryCode: 'DE', rate: '20', taxId: 120, priceIncluded: true }]);
    const r = ok(mapOrder(o, context({ taxes, roundingMethod: 'round_per_line' })));
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit])).toEqual([
      ['product', 11.09],
      ['shipping', 3.99],
      ['promotion', -1.11],
      ['promotion', -3.99],
    ]);
    expect(r.expectedTax).toEqual({ amount: '1.66', currency: 'EUR' });
    expect(r.erpTotals.tax).toEqual(r.expectedTax);
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
  });

  it('sums two items\' promotions on one line only while Odoo\'s tax of the sum is still Amazon\'s', () => {
    // At 23 %: -17.93 (tax -3.35) and -2.90 (tax -0.54); one line of -20.83 would carry -3.90, Amazon charged -3.89.
    const o = order('DE', [
      { id: 'D1', sku: 'MUG-CER-BLUE', qty: 1, unit: 11954, rate: 23, discount: -1793 },
      { id: 'D2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 1931, rate: 23, discount: -290 },
    ]);
    const taxes = buildTaxTable([{ regime: 'any', countryCode: 'DE', rate: '23', taxId: 123, priceIncluded: true }]);
    const r = ok(mapOrder(o, context({ taxes, roundingMethod: 'round_per_line' })));
    expect(r.lines.filter((l) => l.kind === 'promotion').map((l) => l.vals.price_unit)).toEqual([-17.93, -2.9]);
    expect(r.erpTotals.tax).toEqual({ amount: '22.07', currency: 'EUR' });
    expect(r.erpTotals.tax).toEqual(r.expectedTax);
    // Shipping of two items whose sum keeps the tax stays one line.
    const two = ok(mapOrder(order('DE', [
      { id: 'H1', sku: 'MUG-CER-BLUE', qty: 1, unit: 1190, rate: 19, shipping: 119 },
      { id: 'H2', sku: 'TEA-EARLGREY-100', qty: 1, unit: 1190, rate: 19, shipping: 119 },
    ]), context({ roundingMethod: 'round_per_line' })));
    expect(two.lines.filter((l) => l.kind === 'shipping').map((l) => l.vals.price_unit)).toEqual([2.38]);
  });
});

describe('mapOrder: JPY, the model\'s own example', () => {
  it('maps a 0-decimal currency exactly', () => {
    const jp = modelExample('250-1234567-8901234');
    const r = ok(mapOrder(jp, context()));
    expect(r.lines.map((l) => [l.vals.product_id, l.vals.product_uom_qty, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      // No tax charged on a sale from Germany to Japan: 0 % export, the regime's own 0 % tax.
      [4, 1, 5980, [[6, 0, [109]]]],
      [5, 2, 6980, [[6, 0, [109]]]],
    ]);
    expect(r.expectedTotal).toEqual({ amount: '19940', currency: 'JPY' });
    expect(r.erpTotals.total).toEqual({ amount: jp.proceeds!.grandTotal!.amount, currency: 'JPY' });
    expect(r.shipped).toEqual({ '25012345678901': 1, '25012345678902': 2 });
  });
});

describe('mapOrder: dialect and mapping rows', () => {
  it('names line fields for Odoo 17/18 (tax_id, product_uom) and 19 (tax_ids, product_uom_id)', () => {
    const v18 = ok(mapOrder(euOrder(), context({ dialect: dialectFor(18), uomUnitId: 1 })));
    expect(v18.lines[0]!.vals).toEqual({ product_id: 1, product_uom_qty: 2, price_unit: 12.9, tax_id: [[6, 0, [101]]], product_uom: 1 });
    const v19 = ok(mapOrder(euOrder(), context({ dialect: dialectFor(19), uomUnitId: 1 })));
    expect(v19.lines[0]!.vals).toEqual({ product_id: 1, product_uom_qty: 2, price_unit: 12.9, tax_ids: [[6, 0, [101]]], product_uom_id: 1 });
  });

  it('applies mapping rows over the defaults per target; onlyCreate rows only when creating', () => {
    const base = { transforms: [], enabled: true, onlyCreate: false, position: 0 };
    const rules = [
      { ...base, target: 'sale.order' as const, erpField: 'origin', source: { kind: 'template' as const, template: 'AMZ/{{orderId}}' } },
      { ...base, target: 'sale.order' as const, erpField: 'x_amazon_channel', source: { kind: 'constant' as const, value: 'de' }, onlyCreate: true },
      { ...base, target: 'sale.order' as const, erpField: 'team_id', source: { kind: 'lookup' as const, table: 'teams', keyPath: 'salesChannel.marketplaceId' } },
      { ...base, target: 'sale.order.line' as const, erpField: 'name', source: { kind: 'path' as const, path: 'product.title' }, transforms: ['upper' as const] },
      { ...base, target: 'sale.order.line' as const, erpField: 'x_amazon_order', source: { kind: 'path' as const, path: 'order.orderId' } },
      { ...base, target: 'res.partner' as const, erpField: 'lang', source: { kind: 'constant' as const, value: 'de_DE' } },
      { ...base, target: 'delivery' as const, erpField: 'comment', source: { kind: 'path' as const, path: 'recipient.deliveryAddress.addressType' }, transforms: ['lower' as const] },
    ];
    const lookups = { teams: { A1PA6795UKMFR9: 77 } };
    const created = ok(mapOrder(euOrder(), context({ rules, lookups })));
    expect(created.saleOrder.vals).toMatchObject({ origin: 'AMZ/028-1111111-2222222', x_amazon_channel: 'de', team_id: 77, pricelist_id: 11 });
    expect(created.lines[0]!.vals).toMatchObject({ name: 'PRODUCT MUG-CER-BLUE', x_amazon_order: '028-1111111-2222222', product_id: 1 });
    expect(created.lines[2]!.vals).not.toHaveProperty('name'); // service lines have no Amazon item
    expect(created.partner.vals).toMatchObject({ lang: 'de_DE', name: 'Jörg Müller' });
    expect(created.delivery!.vals).toMatchObject({ comment: 'residential', type: 'delivery' });
    const updated = ok(mapOrder(euOrder(), context({ rules, lookups, creating: false })));
    expect(updated.saleOrder.vals).not.toHaveProperty('x_amazon_channel');
    expect(updated.saleOrder.vals).toMatchObject({ origin: 'AMZ/028-1111111-2222222' });
  });
});
