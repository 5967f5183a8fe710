/**
 * The tax cases of real sellers (issue 8) on the model's own examples and hand-built Orders v2026-01-01 items:
 * Amazon as deemed supplier (UK, EU), OSS to every EU destination at every rate in every money shape, the Far East
 * seller on Amazon.co.jp (JPY, consumption tax inside prices), and the order-level delivery tip.
 */
import { describe, expect, it } from 'vitest';
import type { Order } from '../../../amazon/models/orders-v2026.ts';
import { divRound, toMinor } from '../../../core/money.ts';
import { VAT_RATES, isEuMember, type TaxClass, type VatProfile } from '../../../core/vat/index.ts';
import { context, modelExample, noFiscalPositions, order } from './order.fixtures.ts';
import { mapOrder, type MappedOrder } from './order.mapper.ts';
import { amazonOrderAmounts } from './amazon-order-amounts.ts';
import { ok, proceedsIn, type Shape } from './shape.fixtures.ts';
import { buildTaxTable, type TaxRow } from './tax-table.ts';

const ASE = 'Amazon Services Europe S.a.r.L.';
const SHAPES: Shape[] = ['net_plus_tax', 'gross_tax_given', 'untaxed'];
const standard = new Map<string, TaxClass>([['*', { class: 'standard' }]]);

/** The fixtures' context with the model examples' marketplaces, SKUs and countries. */
const ctx = (over: Parameters<typeof context>[0] = {}) => {
  const base = context();
  return context({
    marketplaces: new Map([
      ...base.marketplaces,
      ['A1F83G8C2ARO7P', { currencyCode: 'GBP' }],
      ['A33AVAJ2PDY3EV', { currencyCode: 'TRY' }],
    ]),
    productIdBySku: new Map([
      ...base.productIdBySku,
      ['ECHO-DOT-4-UK-CHARCOAL-SINGLE', 6], ['FIRE-HD10-TR-BLK', 7], ['ECHO-DOT-4-CHARCOAL', 8], ['FIRE-TV-4K-2021', 9],
      ['ECHO-DOT-4-UK-CHARCOAL-3PACK', 10], ['MATCHA-JP-100G', 11],
    ]),
    countryIdByCode: new Map([...base.countryIdByCode, ['TR', 223], ...[...isEuCountries()].map((c, i): [string, number] => [c, 1000 + i])]),
    fiscalPositions: noFiscalPositions(['DE', 'GB', 'US', 'JP', 'TR', ...isEuCountries()]),
    ...over,
  });
};
function isEuCountries(): string[] {
  return Object.keys(VAT_RATES).filter(isEuMember);
}

/** Amazon collects the tax of every item (taxCollections MARKETPLACE_FACILITATOR), optionally under a scheme. */
const collectedByAmazon = (o: Order, scheme?: string) => {
  for (const i of o.orderItems) {
    i.tax = { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: ASE }], ...(scheme ? { taxCalculationBreakdowns: [{ reportingScheme: scheme }] } : {}) };
  }
  return o;
};

/**
 * What the invoices flow checks an invoice against: Amazon's amounts from the stored order and the withheld tax the
 * import recorded must be the ERP order's total, tax 0 (the seller bills none).
 */
const invoiceCheckAgrees = (o: Order, r: MappedOrder) => {
  const a = amazonOrderAmounts(o, r.withheldTax.byItem);
  expect(a).not.toBeNull();
  expect([a!.total, a!.tax]).toEqual([toMinor(r.expectedTotal.amount, r.currency), toMinor(r.expectedTax.amount, r.currency)]);
  expect(a!.total).toBe(toMinor(r.erpTotals.total.amount, r.currency));
};

describe('Amazon as deemed supplier: the VAT withheld, recorded, never billed', () => {
  it('UK goods up to GBP 135 without a TAX breakdown (the model\'s UK example): booked net of the VAT Amazon keeps', () => {
    const o = collectedByAmazon(modelExample('202-7654321-1098765'));
    const r = ok(mapOrder(o, ctx({ taxClasses: standard })));
    // The invoice is checked against the same net (not the gross 34.99): without the import's record, unknown.
    invoiceCheckAgrees(o, r);
    expect(amazonOrderAmounts(o)).toBeNull();
    expect(r.vat).toEqual({ regime: 'deemed_supplier', taxCountry: 'DE', shipTo: 'GB', fiscalPositionId: false });
    // 34.99 gross at 20 %: VAT round(34.99 / 6) = 5.83, the seller's sale 29.16, billed without tax.
    expect(r.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([['product', 29.16, [[6, 0, []]]]]);
    expect(r.expectedTotal).toEqual({ amount: '29.16', currency: 'GBP' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    expect(r.expectedTax).toEqual({ amount: '0.00', currency: 'GBP' });
    expect(r.withheldTax).toEqual({ total: { amount: '5.83', currency: 'GBP' }, byItem: { '20276543210987': { amount: '5.83', currency: 'GBP' } }, collectedBy: [ASE], reportingSchemes: [] });
    expect(r.saleOrder.vals.note).toBe(`<p>Tax withheld by ${ASE} (deemed supplier): 5.83 GBP, not billed by the seller</p>`);
  });

  it('the VAT Amazon gives (net + TAX, or inside a gross) is the withheld amount; no UK number is asked of the seller', () => {
    // The model's UK getOrder example: 3 x 29.99 + 10.00 shipping, TAX 4.00 added.
    const netOrder = collectedByAmazon(modelExample('202-1234567-8901234'));
    const net = ok(mapOrder(netOrder, ctx()));
    invoiceCheckAgrees(netOrder, net);
    expect(amazonOrderAmounts(netOrder)?.total).toBe(9997n); // Amazon gave the tax: the order alone says it
    expect(net.vat.regime).toBe('deemed_supplier');
    expect(net.lines.map((l) => [l.kind, l.vals.price_unit, l.vals.tax_ids])).toEqual([['product', 29.99, [[6, 0, []]]], ['shipping', 10, [[6, 0, []]]]]);
    expect(net.expectedTotal).toEqual({ amount: '99.97', currency: 'GBP' });
    expect(net.withheldTax.total).toEqual({ amount: '4.00', currency: 'GBP' });
    const gross = modelExample('202-7654321-1098765');
    gross.orderItems[0]!.proceeds = proceedsIn('gross_tax_given', { ITEM: 3499n }, '20', 'GBP');
    const g = ok(mapOrder(collectedByAmazon(gross), ctx()));
    invoiceCheckAgrees(collectedByAmazon(gross), g);
    expect([g.expectedTotal.amount, g.withheldTax.total.amount]).toEqual(['29.16', '5.83']);
  });

  it('EU: a non-EU seller\'s goods sold from German stock are Amazon\'s to tax, in every shape', () => {
    const cn: VatProfile = { companyCountry: 'CN', ossRegistered: false, registrations: {}, merchantShipFrom: 'CN' };
    for (const shape of SHAPES) {
      const o = order('DE', [{ id: 'N1', sku: 'MUG-CER-BLUE', qty: 1, unit: 2380, rate: 19 }]);
      o.fulfillment!.fulfilledBy = 'AMAZON';
      o.orderItems[0]!.proceeds = proceedsIn(shape, { ITEM: 2380n }, '19', 'EUR');
      const r = ok(mapOrder(collectedByAmazon(o, 'UOSS'), ctx({ vat: cn, taxClasses: standard })));
      invoiceCheckAgrees(collectedByAmazon(o, 'UOSS'), r);
      expect([shape, r.vat.regime, r.expectedTotal.amount, r.withheldTax.total.amount, r.withheldTax.reportingSchemes]).toEqual([shape, 'deemed_supplier', '20.00', '3.80', ['UOSS']]);
    }
  });

  it('the model\'s IOSS example (Amazon.com.tr, no TAX breakdown): the VAT is taken out at the class\'s rate and recorded with its scheme', () => {
    const tr = collectedByAmazon(modelExample('028-1234567-8901234'), 'IOSS');
    const r = ok(mapOrder(tr, ctx({ taxClasses: standard })));
    invoiceCheckAgrees(tr, r);
    expect(r.vat.regime).toBe('deemed_supplier');
    // 125.00 at 20 %: VAT 20.83, sale 104.17 (2 x 52.09 and a one-cent rounding line).
    expect(r.expectedTotal).toEqual({ amount: '104.17', currency: 'TRY' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    expect(r.withheldTax).toMatchObject({ total: { amount: '20.83', currency: 'TRY' }, collectedBy: [ASE], reportingSchemes: ['IOSS'] });
    // Without a class the VAT Amazon kept cannot be known: a conflict, not a guess.
    const undecided = mapOrder(collectedByAmazon(modelExample('028-1234567-8901234')), ctx());
    expect(undecided.ok ? [] : undecided.problems.map((p) => p.code)).toEqual(['TAX_RATE_UNDECIDED']);
  });
});

describe('OSS: cross-border B2C at the destination\'s rate, every EU destination and rate, every shape', () => {
  const destinations = isEuCountries().filter((c) => c !== 'DE');
  const rows: TaxRow[] = destinations.flatMap((c, i) =>
    [VAT_RATES[c]!.standard, ...VAT_RATES[c]!.reduced].map((rate, j): TaxRow => ({ regime: 'oss', countryCode: c, rate, taxId: 5000 + i * 10 + j, priceIncluded: true })),
  );
  const taxes = buildTaxTable(rows);

  it.each(SHAPES)('%s', (shape) => {
    const seen: string[] = [];
    const base = order('DE', [{ id: 'O1', sku: 'MUG-CER-BLUE', qty: 1, unit: 4999, rate: 19 }]);
    for (const row of rows) {
      const o = structuredClone(base);
      o.recipient!.deliveryAddress!.countryCode = row.countryCode;
      o.orderItems[0]!.proceeds = proceedsIn(shape, { ITEM: 4999n, SHIPPING: 499n }, row.rate, 'EUR');
      const standardRate = VAT_RATES[row.countryCode]!.standard === row.rate;
      const taxClasses = new Map<string, TaxClass>([['*', standardRate ? { class: 'standard' } : { class: 'reduced', rates: { [row.countryCode]: row.rate } }]]);
      const r = ok(mapOrder(o, ctx({ taxes, taxClasses, roundingMethod: 'round_per_line' })));
      const bp = BigInt(Math.round(Number(row.rate) * 100));
      const vat = divRound(4999n * bp, 10000n + bp) + divRound(499n * bp, 10000n + bp);
      const got = [r.vat.regime, r.lines.map((l) => l.tax?.taxId), r.erpTotals.total.amount, r.erpTotals.tax.amount === r.expectedTax.amount, r.expectedTax.amount];
      const want = ['oss', [row.taxId, row.taxId], '54.98', true, `${vat / 100n}.${String(vat % 100n).padStart(2, '0')}`];
      if (JSON.stringify(got) !== JSON.stringify(want)) seen.push(`${row.countryCode} ${row.rate} %: ${JSON.stringify(got)}`);
    }
    expect(seen).toEqual([]);
    expect(rows.length).toBeGreaterThan(70);
  });
});

describe('the Far East seller: Amazon.co.jp in JPY, consumption tax inside the prices', () => {
  const jpSeller: VatProfile = { companyCountry: 'JP', ossRegistered: false, registrations: {}, merchantShipFrom: 'JP' };
  const jpTaxes = buildTaxTable([
    { regime: 'domestic', countryCode: 'JP', rate: '10', taxId: 810, priceIncluded: true },
    { regime: 'domestic', countryCode: 'JP', rate: '8', taxId: 808, priceIncluded: true },
  ]);

  it('maps the model\'s JP example for a Japanese seller: 10 % consumption tax out of yen prices, no decimals', () => {
    const r = ok(mapOrder(modelExample('250-1234567-8901234'), ctx({ vat: jpSeller, taxes: jpTaxes, taxClasses: standard })));
    expect(r.vat).toMatchObject({ regime: 'domestic', taxCountry: 'JP', shipTo: 'JP' });
    expect(r.lines.map((l) => [l.vals.product_id, l.vals.product_uom_qty, l.vals.price_unit, l.vals.tax_ids])).toEqual([
      [4, 1, 5980, [[6, 0, [810]]]],
      [5, 2, 6980, [[6, 0, [810]]]],
    ]);
    expect(r.expectedTotal).toEqual({ amount: '19940', currency: 'JPY' });
    expect(r.erpTotals).toEqual({ untaxed: { amount: '18127', currency: 'JPY' }, tax: { amount: '1813', currency: 'JPY' }, total: { amount: '19940', currency: 'JPY' } });
    expect(r.expectedTax).toEqual(r.erpTotals.tax);
  });

  it('a reduced-rate good (food) takes 8 %', () => {
    const o = modelExample('250-1234567-8901234');
    const tea = structuredClone(o.orderItems[0]!);
    tea.orderItemId = '25012345678903';
    tea.product = { ...tea.product, sellerSku: 'MATCHA-JP-100G', price: { unitPrice: { amount: '1080', currencyCode: 'JPY' } } };
    tea.proceeds = proceedsIn('untaxed', { ITEM: 1080n }, '8', 'JPY', 0);
    o.orderItems.push(tea);
    // Amazon's grand total holds every item (19940 + 1080).
    o.proceeds!.grandTotal = { amount: '21020', currencyCode: 'JPY' };
    const classes = new Map<string, TaxClass>([['*', { class: 'standard' }], ['MATCHA-JP-100G', { class: 'reduced' }]]);
    const r = ok(mapOrder(o, ctx({ vat: jpSeller, taxes: jpTaxes, taxClasses: classes, roundingMethod: 'round_per_line' })));
    expect(r.lines.at(-1)).toMatchObject({ sku: 'MATCHA-JP-100G', priceUnit: { amount: '1080', currency: 'JPY' }, tax: { taxId: 808, rate: '8' } });
    // 544 + 1269 + 80
    expect(r.erpTotals.tax).toEqual({ amount: '1893', currency: 'JPY' });
    expect(r.erpTotals.total).toEqual({ amount: '21020', currency: 'JPY' });
  });
});

describe('order-level amounts that are not the seller\'s', () => {
  it('a DELIVERY_TIP (the model\'s searchOrders example) is recorded, kept out of the lines and the total', () => {
    const o = modelExample('123-4567890-1234567');
    o.orderItems[0]!.tax = { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon Services, Inc.' }] };
    const r = ok(mapOrder(o, ctx()));
    expect(r.deliveryTip).toEqual({ amount: '5.00', currency: 'USD' });
    expect(r.lines.map((l) => l.kind)).toEqual(['product', 'product']);
    // 99.98 + 49.99; Amazon's grand total 154.99 also holds the withheld 0.02 and the 5.00 tip.
    expect(r.expectedTotal).toEqual({ amount: '149.97', currency: 'USD' });
    expect(r.erpTotals.total).toEqual(r.expectedTotal);
    expect(r.amountShapes).toEqual({ '12345678901234': { shape: 'net_plus_tax' }, '12345678901235': { shape: 'untaxed' } });
    expect(r.saleOrder.vals.note).toContain('Delivery tip 5.00 USD: paid by the buyer for the delivery, not booked as revenue');
  });
});
