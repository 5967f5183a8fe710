/**
 * What the ERP should end up with for each Amazon order, computed independently of the connector's mapper from
 * the order itself and the demo catalogue: importable or not (and why), and the total to the minor unit
 * (ITEM, SHIPPING, GIFT_WRAP, COD_FEE, OTHER, DISCOUNT + the TAX the seller owes; withheld tax never billed) and
 * the tax the ERP order must carry (the TAX the seller owes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sumDecimals } from './money.ts';

interface Money {
  amount: string;
  currencyCode: string;
}
interface Item {
  product: { sellerSku?: string };
  proceeds?: { breakdowns?: Array<{ type: string; subtotal: Money }> };
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
    for (const b of item.proceeds?.breakdowns ?? []) {
      currency = b.subtotal.currencyCode;
      if (BILLED.has(b.type) || (b.type === 'TAX' && !withheld)) amounts.push(b.subtotal.amount);
      if (b.type === 'TAX' && !withheld) taxes.push(b.subtotal.amount);
    }
  }
  return { kind: 'import', total: sumDecimals(amounts), tax: sumDecimals(taxes), currency };
}
