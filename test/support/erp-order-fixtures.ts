/**
 * Sales orders shaped as the connector's order flow sends them (customer + delivery contact found by `ref`,
 * products by `default_code`, explicit price-included taxes on every line, the Amazon order id as
 * `client_order_ref`), with the totals a person would expect, in cents. Field names come from the dialect.
 */
import type { ErpDialect } from '../../connector/src/erp/dialect.ts';
import type { ErpPort, Vals } from '../../connector/src/erp/erp-port.ts';

/** EU catalogue prices (VAT included) and the German VAT each SKU carries. */
export const DE_LINES = {
  mug: { sku: 'MUG-CER-BLUE', priceCents: 1290, tax: 'DE VAT 19% incl.' },
  tea: { sku: 'TEA-EARLGREY-100', priceCents: 850, tax: 'DE VAT 7% incl.' },
  coffee: { sku: 'COF-BEANS-1KG', priceCents: 2190, tax: 'DE VAT 7% incl.' },
  shipping: { sku: 'AMZ-SHIPPING', priceCents: 499, tax: 'DE VAT 19% incl.' },
} as const;
export type LineKind = keyof typeof DE_LINES;

export interface ErpRefs {
  productIds: Record<LineKind, number>;
  taxIds: Record<string, number>;
  countryDe: number;
  uomUnits: number;
}

/**
 * Looks up what the orders need with one search per model, as the connector's set-up does, and creates the
 * shipping service product (the connector's set-up creates its service products the same way).
 */
export async function loadRefs(erp: ErpPort): Promise<ErpRefs> {
  const [shipping] = await erp.create('product.product', [{ name: 'Amazon shipping', default_code: DE_LINES.shipping.sku, type: 'service', list_price: 0, taxes_id: [[6, 0, []]] }]);
  const skus = Object.values(DE_LINES).map((l) => l.sku);
  const products = await erp.searchRead('product.product', [['default_code', 'in', skus]], ['default_code', 'uom_id']);
  const bySku = new Map(products.map((p) => [p.default_code as string, p.id]));
  const productIds = Object.fromEntries(Object.entries(DE_LINES).map(([k, l]) => [k, bySku.get(l.sku) ?? 0])) as Record<LineKind, number>;
  if (productIds.shipping !== shipping) throw new Error('the shipping product was not found by its default_code');
  const taxes = await erp.searchRead('account.tax', [['name', 'in', [...new Set(Object.values(DE_LINES).map((l) => l.tax))]], ['type_tax_use', '=', 'sale']], ['name']);
  const [countryDe] = await erp.search('res.country', [['code', '=', 'DE']]);
  const uom = products[0]?.uom_id;
  return {
    productIds,
    taxIds: Object.fromEntries(taxes.map((t) => [t.name as string, t.id])),
    countryDe: countryDe ?? 0,
    uomUnits: Array.isArray(uom) ? (uom[0] as number) : 0,
  };
}

export interface BuyerFixture {
  ref: string;
  name: string;
  email: string;
  street: string;
  city: string;
  zip: string;
}

/** Buyers as the connector keys them: `ref` is a keyed hash of the relay e-mail (here a fixed fake one). */
export function buyers(prefix: string, count: number): BuyerFixture[] {
  return Array.from({ length: count }, (_, i) => ({
    ref: `amz:${prefix}:${i.toString(16).padStart(8, '0')}`,
    name: `Zoë Müller-Łukasiewicz ${i}`,
    email: `${prefix}${i}@marketplace.amazon.de`,
    street: `Königstraße ${i + 1}`,
    city: 'München',
    zip: `80${String(331 + i).padStart(3, '0')}`,
  }));
}

/** Customer values with the delivery contact created in the same call (one create for every new buyer). */
export function partnerVals(b: BuyerFixture, countryId: number): Vals {
  const address = { street: b.street, city: b.city, zip: b.zip, country_id: countryId };
  return {
    name: b.name, email: b.email, ref: b.ref, ...address,
    child_ids: [[0, 0, { type: 'delivery', name: b.name, ...address }]],
  };
}

export interface OrderLine {
  kind: LineKind;
  qty: number;
}

/** The lines of the i-th test order: always mugs, tea on even orders, coffee every fifth, shipping every fourth. */
export function linesOf(i: number): OrderLine[] {
  const lines: OrderLine[] = [{ kind: 'mug', qty: 1 + (i % 3) }];
  if (i % 2 === 0) lines.push({ kind: 'tea', qty: 1 });
  if (i % 5 === 0) lines.push({ kind: 'coffee', qty: 2 });
  if (i % 4 === 0) lines.push({ kind: 'shipping', qty: 1 });
  return lines;
}

/** What the buyer pays: VAT is included in the prices, so the total is the sum of price × quantity. */
export function grossCents(lines: readonly OrderLine[]): number {
  return lines.reduce((sum, l) => sum + DE_LINES[l.kind].priceCents * l.qty, 0);
}

/** One sale.order's values with explicit taxes on every line (`[[6, 0, ids]]`), named by the dialect. */
export function orderVals(
  dialect: ErpDialect, refs: ErpRefs, o: { ref: string; partnerId: number | undefined; shippingId: number; lines: readonly OrderLine[] },
): Vals {
  return {
    ...(o.partnerId !== undefined ? { partner_id: o.partnerId } : {}),
    partner_shipping_id: o.shippingId,
    client_order_ref: o.ref,
    order_line: o.lines.map((l) => [0, 0, {
      product_id: refs.productIds[l.kind],
      product_uom_qty: l.qty,
      [dialect.saleLineUomField]: refs.uomUnits,
      price_unit: DE_LINES[l.kind].priceCents / 100,
      [dialect.saleLineTaxesField]: [[6, 0, [refs.taxIds[DE_LINES[l.kind].tax]]]],
    }]),
  };
}

/** An amount the ERP answered (a JSON number) in cents, exact for two-decimal currencies. */
export function cents(amount: unknown): number {
  if (typeof amount !== 'number') throw new Error(`not an amount: ${String(amount)}`);
  return Math.round(amount * 100);
}
