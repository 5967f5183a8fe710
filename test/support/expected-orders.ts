/**
 * What the ERP should end up with for each Amazon order, computed independently of the connector's mapper from
 * the order itself and the demo catalogue: importable or not (and why), and the total to the minor unit
 * (ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT + the TAX the seller owes; withheld tax never billed) and
 * the tax the ERP order must carry (the TAX the seller owes). An item whose proceedsTotal is its components alone
 * while it has TAX is gross with the TAX inside (Amazon's `gross_with_tax` shape): its TAX is not added again, and
 * taken out when withheld.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumDecimals, toUnits } from './money.ts';

interface Money {
  amount: string;
  currencyCode: string;
}
interface Item {
  product: { sellerSku?: string };
  proceeds?: { proceedsTotal?: Money; breakdowns?: Array<{ type: string; subtotal: Money }> };
  tax?: { taxCollections?: Array<{ model?: string }> };
}
export interface SandboxOrder {
  orderId: string;
  salesChannel: { marketplaceId?: string };
  fulfillment?: { fulfillmentStatus?: string; fulfilledBy?: string };
  orderItems: Item[];
}

const catalogue = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'sandbox', 'catalogue', 'catalogue.json'), 'utf8')) as {
  notInErp: string[];
  aliases: Record<string, string>;
};
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
    amounts.push(...billed);
    if (!gross && !withheld) amounts.push(...tax);
    if (gross && withheld) amounts.push(...tax.map((t) => (t.startsWith('-') ? t.slice(1) : `-${t}`)));
    if (!withheld) taxes.push(...tax);
  }
  return { kind: 'import', total: sumDecimals(amounts), tax: sumDecimals(taxes), currency };
}
