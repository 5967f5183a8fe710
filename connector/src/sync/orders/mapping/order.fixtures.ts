/**
 * Test fixtures shaped like the official Orders v2026-01-01 model: the model's own sandbox example orders, and
 * EU / US variants built on them following Amazon's amount convention (breakdowns net of tax, TAX split by
 * subtype; EU component tax = round(g*r/(1+r)) of its gross g; US net prices with withheld sales tax).
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Order, OrderItem } from '../../../amazon/models/orders-v2026.ts';
import { dialectFor } from '../../../erp/dialect.ts';
import type { OrderMapContext } from './order-map-context.ts';
import { buildTaxTable, type TaxRow } from './tax-table.ts';
import { fiscalPositionKey, VAT_REGIMES, type VatProfile } from '../../../core/vat/index.ts';

/** `<repo root>/../shared/reference`, else /work/shared/reference (a worktree has no sibling shared/). */
export function referenceDir(): string {
  const beside = join(import.meta.dirname, '..', '..', '..', '..', '..', 'shared', 'reference');
  return existsSync(beside) ? beside : '/work/shared/reference';
}

/** The model's x-amzn-api-sandbox example orders (searchOrders and getOrder answers). */
export function modelExampleOrders(): Order[] {
  const model = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'orders_2026-01-01.json'), 'utf8'));
  const out: Order[] = [];
  for (const path of Object.values(model.paths) as Record<string, { responses?: Record<string, Record<string, unknown>> }>[]) {
    const examples = (path.get?.responses?.['200']?.['x-amzn-api-sandbox'] as { static?: { response: Record<string, unknown> }[] })?.static;
    for (const ex of examples ?? []) {
      const r = ex.response as { orders?: Order[]; order?: Order };
      out.push(...(r.orders ?? []), ...(r.order ? [r.order] : []));
    }
  }
  return out;
}

/** The model's documentation examples (`examples` of the 200 answers: the US searchOrders and UK getOrder orders). */
export function modelDocExampleOrders(): Order[] {
  const model = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'orders_2026-01-01.json'), 'utf8'));
  const out: Order[] = [];
  for (const path of Object.values(model.paths) as Record<string, { responses?: Record<string, Record<string, unknown>> }>[]) {
    for (const r of Object.values((path.get?.responses?.['200']?.examples ?? {}) as Record<string, { orders?: Order[]; order?: Order }>)) {
      out.push(...(r.orders ?? []), ...(r.order ? [r.order] : []));
    }
  }
  return out;
}

/** A deep copy of one model example (sandbox or documentation) by order id. */
export function modelExample(orderId: string): Order {
  const found = [...modelExampleOrders(), ...modelDocExampleOrders()].find((o) => o.orderId === orderId);
  if (!found) throw new Error(`no model example ${orderId}`);
  return structuredClone(found);
}

/** Integer cents as Amazon's Money text (no float formatting, even in fixtures). */
const m = (cents: number, currency: string) => {
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return { amount: `${cents < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`, currencyCode: currency };
};

export interface ItemSpec {
  id: string;
  sku: string;
  qty: number;
  /** Gross (EU) or net (US) unit price, in cents. */
  unit: number;
  /** Percent: VAT owed by the seller (EU, prices gross) or sales tax withheld by Amazon (US, prices net). */
  rate: number;
  shipping?: number;
  giftWrap?: number;
  /** Promotion amount, negative, gross (EU) or net (US), in cents. */
  discount?: number;
  /** Amazon computes tax per unit (then the item's tax is qty x the unit's). */
  perUnitTax?: boolean;
  /** Override the TAX subtotal (cents) to model an Amazon amount the ERP cannot reproduce. */
  taxOverride?: number;
}

/** An EU (gross prices, VAT owed) or US (net prices, tax withheld) order item in the model's shape. */
export function item(spec: ItemSpec, currency: string, mode: 'eu' | 'us'): OrderItem {
  const r = spec.rate / 100;
  // EU: split a gross amount; US: tax on top of a net amount.
  const taxOf = (g: number) => (mode === 'eu' ? Math.round((g * r) / (1 + r)) : Math.round(g * r));
  const netOf = (g: number) => (mode === 'eu' ? g - taxOf(g) : g);
  const itemGross = spec.unit * spec.qty;
  const itemTax = spec.perUnitTax ? taxOf(spec.unit) * spec.qty : taxOf(itemGross);
  const parts: [string, number][] = [['SHIPPING', spec.shipping ?? 0], ['GIFT_WRAP', spec.giftWrap ?? 0], ['DISCOUNT', spec.discount ?? 0]];
  const used = parts.filter(([, g]) => g !== 0);
  const itemNet = mode === 'eu' ? itemGross - itemTax : itemGross;
  const detailed = [['ITEM', itemTax] as [string, number], ...used.map(([t, g]) => [t, taxOf(g)] as [string, number])];
  const taxTotal = spec.taxOverride ?? detailed.reduce((s, [, v]) => s + v, 0);
  if (spec.taxOverride !== undefined) detailed[0]![1] += spec.taxOverride - detailed.reduce((s, [, v]) => s + v, 0);
  const nets: [string, number][] = [['ITEM', itemNet], ...used.map(([t, g]) => [t, netOf(g)] as [string, number])];
  const breakdowns = [
    ...nets.map(([t, v]) => ({ type: t, subtotal: m(v, currency) })),
    { type: 'TAX', subtotal: m(taxTotal, currency), detailedBreakdowns: detailed.map(([s, v]) => ({ subtype: s, value: m(v, currency) })) },
  ];
  const total = nets.reduce((s, [, v]) => s + v, 0) + taxTotal;
  return {
    orderItemId: spec.id,
    quantityOrdered: spec.qty,
    product: { asin: 'B00005A000', title: `Product ${spec.sku}`, sellerSku: spec.sku, condition: { conditionType: 'NEW' }, price: { unitPrice: m(spec.unit, currency) } },
    proceeds: { proceedsTotal: m(total, currency), breakdowns },
    ...(spec.discount ? { promotion: { breakdowns: [{ promotionId: 'PROMO-2026' }] } } : {}),
    ...(mode === 'us' ? { tax: { taxCollections: [{ model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon Services, Inc.' }] } } : {}),
    fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: spec.qty },
  };
}

const MARKETS = {
  DE: { marketplaceId: 'A1PA6795UKMFR9', marketplaceName: 'Amazon.de', currency: 'EUR', mode: 'eu' },
  US: { marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com', currency: 'USD', mode: 'us' },
} as const;

/** The model's merchant-fulfilled getOrder example, moved to a marketplace and given these items. */
export function order(market: keyof typeof MARKETS, specs: ItemSpec[], orderId = '028-1111111-2222222'): Order {
  const mk = MARKETS[market];
  const o = modelExample('171-9876543-2109876');
  o.orderId = orderId;
  o.salesChannel = { channelName: 'AMAZON', marketplaceId: mk.marketplaceId, marketplaceName: mk.marketplaceName };
  o.buyer = { buyerName: 'Jörg Müller', buyerEmail: 'abc123@marketplace.amazon.de' };
  o.recipient = {
    deliveryAddress: { name: 'Jörg Müller', addressLine1: 'Hauptstraße 5', addressLine2: 'Hinterhaus', city: 'Berlin', postalCode: '10115', countryCode: market, stateOrRegion: 'BE', phone: '+49 30 1234567', addressType: 'RESIDENTIAL' },
  };
  o.orderItems = specs.map((s) => item(s, mk.currency, mk.mode));
  delete o.proceeds;
  return o;
}

/** Rows as the migration left an earlier table (`any`), and the 0 % export tax for Japan. */
export const TAX_ROWS: TaxRow[] = [
  { regime: 'any', countryCode: 'DE', rate: '19', taxId: 101, priceIncluded: true },
  { regime: 'any', countryCode: 'DE', rate: '7', taxId: 102, priceIncluded: true },
  { regime: 'export', countryCode: 'JP', rate: '0', taxId: 109, priceIncluded: true },
];

/** A German seller in the EU One-Stop-Shop, no foreign VAT numbers. */
export const DE_SELLER: VatProfile = { companyCountry: 'DE', ossRegistered: true, registrations: {}, merchantShipFrom: 'DE' };

/** A fiscal position row of "none" for every regime and the fixtures' countries (tests override single rows). */
export function noFiscalPositions(countries = ['DE', 'AT', 'FR', 'IT', 'PL', 'GB', 'US', 'JP']): Map<string, number | null> {
  return new Map(countries.flatMap((c) => VAT_REGIMES.map((r): [string, null] => [fiscalPositionKey(r, c), null])));
}

/** A context as the workflow would build it for a backend on Odoo 19. */
export function context(overrides: Partial<OrderMapContext> = {}): OrderMapContext {
  return {
    dialect: dialectFor(19),
    marketplaces: new Map([
      ['A1PA6795UKMFR9', { currencyCode: 'EUR', pricelistId: 11, teamId: 21, warehouseId: 31, countryCode: 'DE' }],
      ['ATVPDKIKX0DER', { currencyCode: 'USD', pricelistId: 12, teamId: 22, warehouseId: 32, countryCode: 'US' }],
      ['A1VC38T7YXB528', { currencyCode: 'JPY', pricelistId: 13, teamId: 23, warehouseId: 33, countryCode: 'JP' }],
    ]),
    productIdBySku: new Map([['MUG-CER-BLUE', 1], ['MUG-CER-BLUE-FBA', 1], ['TEA-EARLGREY-100', 2], ['KETTLE-STEEL-17', 3],
      ['ECHO-DOT-4-JP-CHARCOAL', 4], ['FIRE-TV-4K-MAX-JP', 5]]),
    serviceProducts: { shipping: 900, giftWrap: 901, promotion: 902, rounding: 903, codFee: 904, other: 905 },
    taxes: buildTaxTable(TAX_ROWS),
    vat: DE_SELLER,
    fiscalPositions: noFiscalPositions(),
    roundingMethod: 'round_globally',
    customerStrategy: 'per-email',
    keyedHash: (text) => createHmac('sha256', 'test-backend-secret').update(text).digest('hex').slice(0, 32),
    countryIdByCode: new Map([['DE', 57], ['US', 233], ['JP', 113], ['BR', 31], ['GB', 231]]),
    stateId: (country, state) => (country === 'DE' && state === 'BE' ? 501 : undefined),
    creating: true,
    ...overrides,
  };
}
