/**
 * The connector reads every money shape the Amazon sandbox writes (issue 8): orders generated for sellers in each
 * shape (net + TAX, gross with TAX, gross without TAX, gross with TAX 0.00), a seller established outside the EU
 * and the UK (Amazon the deemed supplier) and the Far East seller, mapped by the order mapper with the set-up's kind
 * of tables and the seller's tax classes: each item's shape is recognised as written, and the ERP total is
 * Amazon's to the minor unit, the ERP tax Amazon's VAT where Amazon gave it.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../sandbox/amazon/src/catalogue.ts';
import { DEFAULT_SELLERS, JP_SELLER, MONEY_SHAPES, type MoneyShape, type SellerConfig } from '../sandbox/amazon/src/config.ts';
import { OrderGenerator } from '../sandbox/amazon/src/generator/order-generator.ts';
import { moneyLines } from '../sandbox/amazon/src/finances/line-money.ts';
import { catalogueTaxClasses } from '../scripts/lib/seller-env.ts';
import type { Order } from '../connector/src/amazon/models/orders-v2026.ts';
import { parseOrder } from '../connector/src/amazon/parse-order.ts';
import { toMinor } from '../connector/src/core/money.ts';
import { VAT_RATES, type TaxClass, type VatProfile } from '../connector/src/core/vat/index.ts';
import { context, noFiscalPositions } from '../connector/src/sync/orders/mapping/order.fixtures.ts';
import { mapOrder } from '../connector/src/sync/orders/mapping/order.mapper.ts';
import { orderDisposition } from '../connector/src/sync/orders/order-disposition.ts';
import { buildTaxTable, type TaxRow } from '../connector/src/sync/orders/mapping/tax-table.ts';

const catalogue = loadCatalogue();
const countries = Object.keys(VAT_RATES);
/** What the set-up maps: every rate of every country the model knows, and the 0 % of reverse charge and export. */
const rows: TaxRow[] = countries.flatMap((c, i) => [
  ...[VAT_RATES[c]!.standard, ...VAT_RATES[c]!.reduced].map((rate, j): TaxRow => ({ regime: 'any', countryCode: c, rate, taxId: 1000 + i * 10 + j, priceIncluded: true })),
  { regime: 'intra_eu_b2b', countryCode: c, rate: '0', taxId: 3000 + i, priceIncluded: true },
  { regime: 'export', countryCode: c, rate: '0', taxId: 4000 + i, priceIncluded: true },
]);
const taxClasses = new Map<string, TaxClass>(catalogueTaxClasses().map((r) => [r.key, r.value]));

function ctx(vat: VatProfile) {
  const all = [...countries, 'US', 'CA'];
  return context({
    marketplaces: new Map(catalogue.marketplaces.map((m) => [m.marketplaceId, { currencyCode: m.currency }])),
    productIdBySku: new Map(catalogue.products.map((p, i): [string, number] => [p.sellerSku, i + 1])),
    taxes: buildTaxTable(rows),
    taxClasses,
    vat,
    fiscalPositions: noFiscalPositions(all),
    countryIdByCode: new Map(all.map((c, i): [string, number] => [c, i + 1])),
    roundingMethod: 'round_per_line',
  });
}

function generate(seller: SellerConfig, count: number, marketplaceId?: string): Order[] {
  const now = Date.parse('2026-03-02T12:00:00Z');
  const gen = new OrderGenerator(23, catalogue, [seller]);
  const raw = gen.generate(seller.sellerId, { count, createdFrom: now - 6 * 3_600_000, createdTo: now - 300_000, horizonMs: now - 180_000, lifecycle: 'history', ...(marketplaceId ? { marketplaceId } : {}) }, () => false);
  return raw.map((o) => {
    const parsed = parseOrder(o);
    if (!parsed.ok) throw new Error(`the sandbox wrote a malformed order: ${JSON.stringify(parsed.error)}`);
    return parsed.order;
  });
}

/** The connector's name for the shape the sandbox wrote an item in, from what the item's tax turned out to be. */
const expectedShape = (written: MoneyShape): string[] => {
  if (written === 'net_plus_tax') return ['net_plus_tax', 'untaxed'];
  if (written === 'gross_with_tax') return ['gross_tax_given', 'untaxed', 'net_plus_tax'];
  return ['gross_tax_computed', 'untaxed', 'net_plus_tax'];
};

interface Tally { mapped: number; shapes: Record<string, number>; problems: Record<string, number>; wrong: string[] }

function check(orders: Order[], seller: SellerConfig, vat: VatProfile): Tally {
  const t: Tally = { mapped: 0, shapes: {}, problems: {}, wrong: [] };
  const written = seller.moneyShape ?? (seller.region === 'na' ? 'net_plus_tax' : 'gross_no_tax');
  // What the import maps: the orders it would create (a pending, unpriced or cancelled order waits or is left).
  for (const o of orders.filter((x) => orderDisposition(x, undefined, 'new').action === 'create')) {
    const r = mapOrder(o, ctx(vat));
    if (!r.ok) {
      for (const p of r.problems) t.problems[p.code] = (t.problems[p.code] ?? 0) + 1;
      continue;
    }
    t.mapped++;
    for (const [id, s] of Object.entries(r.amountShapes)) {
      t.shapes[s.shape] = (t.shapes[s.shape] ?? 0) + 1;
      // A US/CA item is always net + TAX (sales tax); a VAT item is read in the shape it was written in.
      const salesTax = r.vat.regime === 'sales_tax';
      if (!salesTax && !expectedShape(written).includes(s.shape)) t.wrong.push(`${o.orderId}/${id}: ${written} read as ${s.shape}`);
      if (!salesTax && written !== 'net_plus_tax' && s.shape === 'net_plus_tax') t.wrong.push(`${o.orderId}/${id}: ${written} read as net_plus_tax`);
    }
    if (r.erpTotals.total.amount !== r.expectedTotal.amount) t.wrong.push(`${o.orderId}: ERP ${r.erpTotals.total.amount} != Amazon ${r.expectedTotal.amount}`);
    if (r.erpTotals.tax.amount !== r.expectedTax.amount) t.wrong.push(`${o.orderId}: ERP tax ${r.erpTotals.tax.amount} != ${r.expectedTax.amount}`);
    // Where Amazon gave the VAT the seller owes, the ERP's is exactly it.
    const given = o.orderItems.filter((i) => !i.tax?.taxCollections?.length).flatMap((i) => i.proceeds?.breakdowns ?? []).filter((b) => b.type === 'TAX');
    if (written !== 'gross_no_tax' && written !== 'gross_zero_tax' && r.vat.regime !== 'deemed_supplier') {
      const amazonTax = given.reduce((s, b) => s + toMinor(b.subtotal.amount, r.currency), 0n);
      if (toMinor(r.expectedTax.amount, r.currency) !== amazonTax) t.wrong.push(`${o.orderId}: expected tax ${r.expectedTax.amount} is not Amazon's`);
    }
  }
  return t;
}

const de: VatProfile = { companyCountry: 'DE', ossRegistered: true, registrations: { GB: 'GB980780684' }, merchantShipFrom: 'DE' };
const eu = DEFAULT_SELLERS[0]!;

describe('the connector reads every money shape the Amazon sandbox writes', () => {
  it.each(MONEY_SHAPES)('the EU seller in %s: shapes recognised, totals and VAT to the cent', (shape) => {
    const seller: SellerConfig = { ...eu, moneyShape: shape, extraCharges: true };
    // The realistic mix: about a third of the orders are merchant-fulfilled and importable.
    const t = check(generate(seller, 400), seller, de);
    expect(t.wrong).toEqual([]);
    // Only what the catalogue means to refuse: SKUs the ERP lacks.
    expect(Object.keys(t.problems).filter((c) => c !== 'SKU_UNMAPPED')).toEqual([]);
    expect(t.mapped).toBeGreaterThan(100);
  });

  it.each(MONEY_SHAPES)('a seller established outside the EU and the UK in %s: Amazon the deemed supplier, VAT withheld', (shape) => {
    const seller: SellerConfig = { ...eu, moneyShape: shape, extraCharges: true, establishedIn: 'CN', shipFromCountry: 'DE' };
    // Stock in Germany needs a German number (its reverse-charge B2B sales are the seller's), and imports into the
    // UK above GBP 135 a British one: Amazon accounts for the rest.
    const cn: VatProfile = { companyCountry: 'CN', ossRegistered: false, registrations: { DE: 'DE123456788', GB: 'GB980780684' }, merchantShipFrom: 'DE' };
    const orders = generate(seller, 150);
    const t = check(orders, seller, cn);
    expect(t.wrong).toEqual([]);
    expect(Object.keys(t.problems).filter((c) => c !== 'SKU_UNMAPPED')).toEqual([]);
    const deemed = orders.map((o) => mapOrder(o, ctx(cn))).filter((r) => r.ok && r.vat.regime === 'deemed_supplier');
    expect(deemed.length).toBeGreaterThan(50);
    for (const r of deemed) if (r.ok) expect(r.erpTotals.tax.amount).toMatch(/^0(\.0+)?$/);
  });

  it('the Far East seller: JPY without decimals, consumption tax out of gross prices at 10 % or 8 %', () => {
    const jp: VatProfile = { companyCountry: 'JP', ossRegistered: false, registrations: {}, merchantShipFrom: 'JP' };
    const t = check(generate(JP_SELLER as SellerConfig, 120), JP_SELLER as SellerConfig, jp);
    expect(t.wrong).toEqual([]);
    expect(Object.keys(t.problems).filter((c) => c !== 'SKU_UNMAPPED')).toEqual([]);
    expect(t.shapes.gross_tax_computed).toBeGreaterThan(50);
  });
});

describe('the VAT Amazon withholds as deemed supplier: the connector records what the settlement takes', () => {
  it.each(['gross_no_tax', 'gross_zero_tax'] as const)('the EU seller on Amazon.co.uk in %s, promotions on item and shipping included', (shape) => {
    const seller: SellerConfig = { ...eu, moneyShape: shape, extraCharges: true };
    const wrong: string[] = [];
    let items = 0;
    let split = 0;
    for (const o of generate(seller, 1500, 'A1F83G8C2ARO7P').filter((x) => orderDisposition(x, undefined, 'new').action === 'create')) {
      const r = mapOrder(o, ctx(de));
      if (!r.ok || r.vat.regime !== 'deemed_supplier') continue;
      // The sandbox's settlement lines (ItemWithheldTax) come from the same item amounts, once shipped.
      const shipped = structuredClone(o) as unknown as Record<string, unknown> & { orderItems: Array<Record<string, unknown>> };
      for (const i of shipped.orderItems) i.fulfillment = { ...(i.fulfillment as object), quantityFulfilled: (i as { quantityOrdered: number }).quantityOrdered };
      const stored = { sellerId: seller.sellerId, orderId: o.orderId, order: shipped, createdMs: 0, updatedMs: 0, marketplaceId: o.salesChannel?.marketplaceId, status: undefined, fulfilledBy: undefined };
      for (const line of moneyLines(stored, catalogue)) {
        items++;
        const item = o.orderItems.find((i) => i.orderItemId === line.orderItemId)!;
        if ((item.proceeds?.breakdowns ?? []).some((b) => b.type === 'DISCOUNT' && (b.detailedBreakdowns?.length ?? 0) > 1)) split++;
        const recorded = toMinor(r.withheldTax.byItem[line.orderItemId]?.amount ?? '0', r.currency);
        if (recorded !== BigInt(-line.parts.withheld)) wrong.push(`${o.orderId}/${line.orderItemId}: recorded ${recorded}, settled ${-line.parts.withheld}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(items).toBeGreaterThan(30);
    expect(split).toBeGreaterThan(0);
  });
});
