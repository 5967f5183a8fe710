/**
 * The money shapes, the VAT accounting and the rarer charges as a client sees them over HTTP: every answer strictly
 * in the official model, every order adding up in its seller's shape, and each case present.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SELLERS, JP_SELLER, MONEY_SHAPES, moneyShapeOf, type SellerConfig } from '../src/config.ts';
import { DEEMED_SUPPLIER } from '../src/generator/tax-modes.ts';
import { startAmazonSandbox, type AmazonSandbox } from '../src/index.ts';
import { accessToken, call } from './helpers/http-client.ts';
import { modelValidators } from './helpers/model-validator.ts';
import { amountProblems } from './helpers/order-invariants.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALL = 'BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS';
const HOSTS = { eu: 'sellingpartnerapi-eu.amazon.com', na: 'sellingpartnerapi-na.amazon.com', fe: 'sellingpartnerapi-fe.amazon.com' };
const [EU, NA] = DEFAULT_SELLERS as [SellerConfig, SellerConfig];
const MP = { DE: 'A1PA6795UKMFR9', FR: 'A13V1IB3VIYZZH', GB: 'A1F83G8C2ARO7P' };

/** The EU demo seller in each shape, established in Germany, with the rarer charges. */
const shapeSellers: SellerConfig[] = MONEY_SHAPES.map((moneyShape, i) => ({ ...EU, sellerId: `A2SHAPE${i}`, moneyShape,
  establishedIn: 'DE', extraCharges: true, refreshToken: `Atzr|shape-${moneyShape}` }));
/** A Chinese seller shipping from China, with FBA stock in Germany and France (its FBA orders leave from there). */
const chinaSeller: SellerConfig = { ...EU, sellerId: 'A2CNSELLER01', establishedIn: 'CN', shipFromCountry: 'CN',
  moneyShape: 'gross_with_tax', marketplaceIds: [MP.DE, MP.FR, MP.GB], extraCharges: true, refreshToken: 'Atzr|cn' };
const usSeller: SellerConfig = { ...NA, sellerId: 'A3NATIPS01', extraCharges: true, refreshToken: 'Atzr|us-tips' };
const sellers = [...shapeSellers, chinaSeller, usSeller, JP_SELLER];

const v = modelValidators();
let sb: AmazonSandbox;
const orders = new Map<string, Obj[]>();

async function fetchAll(seller: SellerConfig): Promise<Obj[]> {
  const token = await accessToken(sb.port, seller);
  const out: Obj[] = [];
  let next: string | undefined;
  do {
    const page = next ? `&paginationToken=${encodeURIComponent(next)}` : '';
    const a = await call(sb.port, { path: `/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z&includedData=${ALL}${page}`,
      host: HOSTS[seller.region], token });
    expect(a.status, a.text).toBe(200);
    expect(v.searchOrders(a.body), v.explain(v.searchOrders)).toBe(true);
    out.push(...(a.body as Obj).orders as Obj[]);
    next = (a.body as Obj).pagination?.nextToken;
  } while (next);
  return out;
}

beforeAll(async () => {
  sb = await startAmazonSandbox({ port: 0, seed: 5, seedOrders: 300, sellers,
    usagePlans: { searchOrders: { rate: 100, burst: 100 } } });
  for (const s of sellers) orders.set(s.sellerId, await fetchAll(s));
}, 120_000);
afterAll(() => sb.close());

const items = (os: Obj[]): Obj[] => os.flatMap((o) => o.orderItems as Obj[]);
const types = (os: Obj[]): Set<string> => new Set(items(os).flatMap((i) => i.proceeds.breakdowns.map((b: Obj) => b.type)));
const country = (o: Obj): string => o.recipient.deliveryAddress.countryCode;
const collector = (i: Obj): string | undefined => i.tax?.taxCollections?.[0]?.responsibleParty;
const scheme = (i: Obj): string | undefined => i.tax?.taxCalculationBreakdowns?.[0]?.reportingScheme;

describe('money shapes per seller', () => {
  it('every order adds up in its seller’s shape (strict model validation on every page)', () => {
    for (const s of sellers) {
      const got = orders.get(s.sellerId)!;
      expect(got.length).toBe(300);
      for (const o of got) expect(amountProblems(o, moneyShapeOf(s)), `${s.sellerId} ${o.orderId}`).toEqual([]);
    }
  });

  it('reports VAT items as each shape says: net + TAX, gross + included TAX, gross alone, gross + TAX 0.00', () => {
    const [net, withTax, noTax, zeroTax] = shapeSellers.map((s) => orders.get(s.sellerId)!.filter((o) => !o.tax));
    const vatItems = (os: Obj[]) => items(os);
    const gross = (i: Obj) => Number(i.product.price.unitPrice.amount) * i.quantityOrdered;
    const item = (i: Obj) => Number(i.proceeds.breakdowns[0].subtotal.amount);
    const tax = (i: Obj) => i.proceeds.breakdowns.find((b: Obj) => b.type === 'TAX')?.subtotal.amount as string | undefined;
    // net: ITEM below the gross line value; gross shapes: ITEM is the line value
    expect(vatItems(net!).filter((i) => item(i) < gross(i) - 0.001).length).toBeGreaterThan(vatItems(net!).length * 0.9);
    for (const os of [withTax!, noTax!, zeroTax!]) for (const i of vatItems(os)) expect(item(i)).toBeCloseTo(gross(i), 6);
    expect(vatItems(withTax!).every((i) => Number(tax(i)) > 0)).toBe(true);
    expect(vatItems(noTax!).every((i) => tax(i) === undefined)).toBe(true);
    expect(types(noTax!).has('TAX')).toBe(false);
    expect(vatItems(zeroTax!).every((i) => tax(i) === '0.00')).toBe(true);
    // in the gross shape with TAX, TAX is not added again: the item total is the sum of the other components
    for (const i of vatItems(withTax!)) {
      const others = (i.proceeds.breakdowns as Obj[]).filter((b) => b.type !== 'TAX').reduce((a, b) => a + Number(b.subtotal.amount), 0);
      expect(Number(i.proceeds.proceedsTotal.amount)).toBeCloseTo(others, 6);
    }
  });

  it('carries COD_FEE (Amazon.co.jp, paid cash on delivery), OTHER, and DELIVERY_TIP at US order level', () => {
    const jp = orders.get(JP_SELLER.sellerId)!;
    const cod = jp.filter((o) => o.payment.paymentExecutions[0].paymentMethod === 'CashOnDelivery');
    expect(cod.length).toBeGreaterThan(3);
    expect(cod.every((o) => o.orderItems[0].proceeds.breakdowns.some((b: Obj) => b.type === 'COD_FEE' && b.subtotal.amount === '330'))).toBe(true);
    expect(types([...sellers.flatMap((s) => orders.get(s.sellerId)!)]).has('OTHER')).toBe(true);
    const tips = orders.get(usSeller.sellerId)!.flatMap((o) => (o.proceeds.breakdowns as Obj[]).filter((b) => b.type === 'DELIVERY_TIP'));
    expect(tips.length).toBeGreaterThan(0);
    expect(tips.every((t) => ['PENDING', 'FINALIZED'].includes(t.status))).toBe(true);
  });
});

describe('who accounts for the VAT', () => {
  it('an EU seller: OSS at the destination’s rate for buyers in other member states, Amazon for small UK imports', () => {
    const net = orders.get(shapeSellers[0]!.sellerId)!;
    const crossBorder = net.filter((o) => !o.tax && o.salesChannel.marketplaceId === MP.DE && country(o) !== 'DE');
    expect(crossBorder.length).toBeGreaterThan(3);
    for (const o of crossBorder) for (const i of o.orderItems) expect(scheme(i)).toBe('UOSS');
    // a French buyer on Amazon.de pays French VAT (20 %, not 19 %): amountProblems checked the rate of the destination
    expect(crossBorder.some((o) => country(o) === 'FR')).toBe(true);
    const uk = net.filter((o) => o.salesChannel.marketplaceId === MP.GB);
    const small = uk.filter((o) => items([o]).reduce((a, i) => a + Number(i.product.price.unitPrice.amount) * i.quantityOrdered, 0) <= 135);
    expect(small.length).toBeGreaterThan(10);
    for (const o of small) for (const i of o.orderItems) expect(collector(i)).toBe(DEEMED_SUPPLIER.GB);
    const domestic = net.filter((o) => o.salesChannel.marketplaceId === MP.DE && country(o) === 'DE');
    expect(items(domestic).every((i) => i.tax === undefined)).toBe(true);
  });

  it('a non-EU seller: Amazon withholds EU VAT on goods from EU stock (UOSS) and on small imports (IOSS), and UK VAT', () => {
    const cn = orders.get(chinaSeller.sellerId)!;
    const fromEuStock = cn.filter((o) => o.fulfillment.fulfilledBy === 'AMAZON' && o.salesChannel.marketplaceId !== MP.GB);
    const imported = cn.filter((o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.salesChannel.marketplaceId !== MP.GB);
    expect(fromEuStock.length).toBeGreaterThan(0);
    for (const i of items(fromEuStock)) expect([collector(i), scheme(i)]).toEqual([DEEMED_SUPPLIER.EU, 'UOSS']);
    expect(items(imported).filter((i) => scheme(i) === 'IOSS').length).toBeGreaterThan(20);
    for (const i of items(imported)) expect(collector(i) === DEEMED_SUPPLIER.EU).toBe(scheme(i) === 'IOSS');
    const ukItems = items(cn.filter((o) => o.salesChannel.marketplaceId === MP.GB && !o.tax));
    expect(ukItems.filter((i) => collector(i) === DEEMED_SUPPLIER.GB).length).toBeGreaterThan(ukItems.length * 0.8);
  });
});

describe('Far East seller on Amazon.co.jp', () => {
  it('sells in JPY without decimals, consumption tax inside the prices and no TAX breakdown (the model’s JP example)', () => {
    const jp = orders.get(JP_SELLER.sellerId)!;
    expect(new Set(jp.map((o) => o.salesChannel.marketplaceName))).toEqual(new Set(['Amazon.co.jp']));
    expect(jp.every((o) => /^\d+$/.test(o.proceeds.grandTotal.amount) && o.proceeds.grandTotal.currencyCode === 'JPY')).toBe(true);
    expect(types(jp).has('TAX')).toBe(false);
    expect(jp.every((o) => country(o) === 'JP' && /^\d{3}-\d{4}$/.test(o.recipient.deliveryAddress.postalCode))).toBe(true);
    expect(jp.every((o) => /^(249|250|503)-/.test(o.orderId))).toBe(true);
  });

  it('answers the FE seller on the FE host only, and FE hosts refuse the other regions’ sellers', async () => {
    const path = '/orders/2026-01-01/orders?lastUpdatedAfter=2020-01-01T00:00:00Z&maxResultsPerPage=1';
    const jpToken = await accessToken(sb.port, JP_SELLER);
    expect((await call(sb.port, { path, host: HOSTS.fe, token: jpToken })).status).toBe(200);
    expect((await call(sb.port, { path, host: HOSTS.eu, token: jpToken })).status).toBe(403);
    const euToken = await accessToken(sb.port, shapeSellers[0]!);
    expect((await call(sb.port, { path, host: HOSTS.fe, token: euToken })).status).toBe(403);
  });
});
