/**
 * What the ERP should end up with for each Amazon order, computed independently of the connector's mapper from
 * the order itself and the demo catalogue: importable or not (and why), and the total to the minor unit
 * (ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT + the TAX the seller owes; withheld tax never billed) and
 * the tax the ERP order must carry (the TAX the seller owes). An item whose proceedsTotal is its components alone
 * while it has TAX is gross with the TAX inside (Amazon's `gross_with_tax` shape): its TAX is not added again, and
 * taken out when withheld. An item without any TAX breakdown (Amazon's `gross_no_tax`, the model's own examples) is
 * gross too: its VAT is what a price-included tax takes out of each component at the rate the Amazon sandbox sold
 * it at (the destination's rate for the product's catalogue tax class; 0 % to a business abroad with a VAT number).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumDecimals, toUnits } from './money.ts';

interface Money {
  amount: string;
  currencyCode: string;
}
interface Item {
  product: { sellerSku?: string; quantity?: number };
  proceeds?: { proceedsTotal?: Money; breakdowns?: Array<{ type: string; subtotal: Money }> };
  tax?: { taxCollections?: Array<{ model?: string }> };
}
export interface SandboxOrder {
  orderId: string;
  recipient?: { deliveryAddress?: { countryCode?: string } & Record<string, unknown> };
  tax?: { taxRegistrations?: Array<{ entityType?: string; taxRegistrationType?: string }> };
  salesChannel: { marketplaceId?: string };
  fulfillment?: { fulfillmentStatus?: string; fulfilledBy?: string };
  orderItems: Item[];
}

const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as {
  notInErp: string[];
  aliases: Record<string, string>;
  products: Array<{ sellerSku: string; taxClass: 'standard' | 'reduced' }>;
  marketplaces: Array<{ marketplaceId: string; country: string; vat: { standard: string; reduced: string }; salesTaxWithheld?: boolean }>;
};
const taxClassOf = new Map(catalogue.products.map((p) => [p.sellerSku, p.taxClass]));

/** The VAT (2 decimals) a price-included tax at `rate` % takes out of `gross`: round half away from zero. */
export function includedTax(gross: string, rate: string): string {
  const cents = toUnits(gross) / 100n;
  const bp = toUnits(rate) / 100n;
  const abs = cents < 0n ? -cents : cents;
  const tax = (abs * bp * 2n + (10_000n + bp)) / (2n * (10_000n + bp));
  const v = cents < 0n ? -tax : tax;
  return sumDecimals([`${v < 0n ? '-' : ''}${(v < 0n ? -v : v) / 100n}.${((v < 0n ? -v : v) % 100n).toString().padStart(2, '0')}`]);
}

/** The rate the Amazon sandbox sold a no-TAX item at (see its generator's tax-modes.ts). */
function soldAtRate(o: SandboxOrder, item: Item): string {
  const mp = catalogue.marketplaces.find((m) => m.marketplaceId === o.salesChannel.marketplaceId);
  const shipTo = o.recipient?.deliveryAddress?.countryCode ?? mp?.country;
  const vatBuyer = (o.tax?.taxRegistrations ?? []).some((r) => r.entityType === 'BUYER' && r.taxRegistrationType === 'VAT');
  if (vatBuyer && shipTo !== mp?.country) return '0';
  const vat = catalogue.marketplaces.find((m) => m.country === shipTo && !m.salesTaxWithheld)?.vat ?? mp!.vat;
  return vat[taxClassOf.get(item.product.sellerSku ?? '') ?? 'standard'];
}
const UNKNOWN_SKUS = new Set([...catalogue.notInErp, ...Object.keys(catalogue.aliases)]);
const BILLED = new Set(['ITEM', 'SHIPPING', 'GIFT_WRAP', 'COD_FEE', 'OTHER', 'DISCOUNT']);

export type Expectation =
  | { kind: 'import'; total: string; tax: string; currency: string }
  | { kind: 'conflict'; code: string }
  | { kind: 'none'; state: 'waiting' | 'not_imported' | 'ignored' };

/** The expected outcome of `o`, given the marketplaces whose currency is inactive in the ERP. */
export function expectationOf(o: SandboxOrder, unmappedMarketplaces: ReadonlySet<string> = new Set()): Expectation {
  const f = o.fulfillment;
  if (f?.fulfilledBy === 'AMAZON') return { kind: 'none', state: 'ignored' };
  const status = f?.fulfillmentStatus;
  if (status === 'PENDING' || status === 'PENDING_AVAILABILITY') return { kind: 'none', state: 'waiting' };
  if (status === 'CANCELLED' || status === 'UNFULFILLABLE') return { kind: 'none', state: 'not_imported' };
  if (unmappedMarketplaces.has(o.salesChannel.marketplaceId ?? '')) return { kind: 'conflict', code: 'SETUP_INCOMPLETE' };
  if (o.orderItems.some((i) => UNKNOWN_SKUS.has(i.product.sellerSku ?? ''))) return { kind: 'conflict', code: 'SKU_UNMAPPED' };
  const amounts: string[] = [];
  const taxes: string[] = [];
  let currency = '';
  for (const item of o.orderItems) {
    const withheld = (item.tax?.taxCollections ?? []).some((t) => t.model === 'MARKETPLACE_FACILITATOR');
    const breakdowns = item.proceeds?.breakdowns ?? [];
    const billed = breakdowns.filter((b) => BILLED.has(b.type)).map((b) => b.subtotal.amount);
    const tax = breakdowns.filter((b) => b.type === 'TAX').map((b) => b.subtotal.amount);
    const total = item.proceeds?.proceedsTotal?.amount;
    const gross = toUnits(sumDecimals(tax, 4)) !== 0n && total !== undefined && toUnits(total) === toUnits(sumDecimals(billed, 4));
    for (const b of breakdowns) currency = b.subtotal.currencyCode;
    if (breakdowns.length && !breakdowns.some((b) => b.type === 'TAX')) {
      const rate = soldAtRate(o, item);
      const included = breakdowns.filter((b) => BILLED.has(b.type)).map((b) => includedTax(b.subtotal.amount, rate));
      amounts.push(...billed);
      if (withheld) amounts.push(...included.map((t) => (t.startsWith('-') ? t.slice(1) : `-${t}`)));
      else taxes.push(...included);
      continue;
    }
    amounts.push(...billed);
    if (!gross && !withheld) amounts.push(...tax);
    if (gross && withheld) amounts.push(...tax.map((t) => (t.startsWith('-') ? t.slice(1) : `-${t}`)));
    if (!withheld) taxes.push(...tax);
  }
  return { kind: 'import', total: sumDecimals(amounts), tax: sumDecimals(taxes), currency };
}
