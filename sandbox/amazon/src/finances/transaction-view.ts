/**
 * A transaction in the Finances 2024-06-19 model's shape: amounts are JSON numbers to the currency's minor unit;
 * every breakdown is the sum of its breakdowns, an item's total the sum of its breakdowns, the transaction's total
 * the sum of its items (and of its own breakdowns, the items' summed per type). Signs are the seller's.
 */
import type { Catalogue } from '../catalogue.ts';
import { findMarketplace } from '../catalogue.ts';
import { buyerTotal, type Parts } from './line-money.ts';
import { toAmount, transactionTotal } from './transaction-notification.ts';
import { statusAt, type TransactionRecord } from './transaction-store.ts';

interface Breakdown { breakdownType: string; breakdownAmount: { currencyAmount: number; currencyCode: string }; breakdowns: Breakdown[] }

/** Breakdown tree of some parts (minor units): top-level type -> its leaves. */
function tree(p: Parts): [string, [string, number][]][] {
  return [
    ['ProductCharges', [['Principal', p.principal], ['Shipping', p.shipping], ['GiftWrap', p.giftWrap], ['OtherCharges', p.other]]],
    ['Promotion', [['Promotion', p.promotion]]],
    ['Tax', [['Tax', p.tax]]],
    ['TaxWithheld', [['MarketplaceFacilitatorTax', p.withheld]]],
  ];
}

function breakdowns(p: Parts, currency: string): Breakdown[] {
  const money = (minor: number) => ({ currencyAmount: toAmount(minor, currency), currencyCode: currency });
  const out: Breakdown[] = [];
  for (const [type, leaves] of tree(p)) {
    const sum = leaves.reduce((s, [, v]) => s + v, 0);
    const shown = leaves.filter(([name, v]) => v !== 0 || name === 'Principal');
    if (type !== 'ProductCharges' && shown.length === 0) continue;
    out.push({ breakdownType: type, breakdownAmount: money(sum),
      breakdowns: shown.map(([name, v]) => ({ breakdownType: name, breakdownAmount: money(v), breakdowns: [] })) });
  }
  return out;
}

function sumParts(all: Parts[]): Parts {
  const p: Parts = { principal: 0, shipping: 0, giftWrap: 0, other: 0, promotion: 0, tax: 0, withheld: 0 };
  for (const x of all) for (const k of Object.keys(p) as (keyof Parts)[]) p[k] += x[k];
  return p;
}

export function transactionView(t: TransactionRecord, catalogue: Catalogue, nowMs: number) {
  const status = statusAt(t, nowMs);
  const related = [['ORDER_ID', t.orderId], ['REFUND_ID', t.refundId], ['DEFERRED_TRANSACTION_ID', t.deferredId],
    ['RELEASE_TRANSACTION_ID', status === 'DEFERRED_RELEASED' ? t.deferral?.releaseId : undefined]] as const;
  const money = (minor: number) => ({ currencyAmount: toAmount(minor, t.currency), currencyCode: t.currency });
  return {
    sellingPartnerMetadata: { sellingPartnerId: t.sellerId, accountType: 'PAYABLE', marketplaceId: t.marketplaceId },
    relatedIdentifiers: related.filter(([, v]) => v).map(([n, v]) => ({ relatedIdentifierName: n, relatedIdentifierValue: v! })),
    transactionType: t.transactionType,
    transactionId: t.transactionId,
    transactionStatus: status,
    description: t.transactionType === 'Shipment' ? 'Order Payment' : 'Refund Order',
    postedDate: new Date(t.postedMs).toISOString(),
    totalAmount: money(transactionTotal(t)),
    marketplaceDetails: { marketplaceId: t.marketplaceId, marketplaceName: findMarketplace(catalogue, t.marketplaceId)?.name ?? '' },
    items: t.items.map((i) => ({
      description: i.title,
      totalAmount: money(buyerTotal(i.parts) + i.parts.withheld),
      relatedIdentifiers: [{ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: i.adjustmentItemId }],
      breakdowns: breakdowns(i.parts, t.currency),
      contexts: [{ contextType: 'ProductContext', asin: i.asin, sku: i.sku, quantityShipped: i.quantity, fulfillmentNetwork: i.fulfillmentNetwork }],
    })),
    contexts: t.deferral ? [{ contextType: 'DeferredContext', deferralReason: t.deferral.reason,
      maturityDate: new Date(t.deferral.maturityMs).toISOString() }] : [],
    breakdowns: breakdowns(sumParts(t.items.map((i) => i.parts)), t.currency),
  };
}
