/**
 * Finances v0 `listFinancialEventsByOrderId` (financesV0.json) over the same world as 2024-06-19: an order's sale
 * in `ShipmentEventList`, each refund in the list of what it is (`RefundEventList`, `ChargebackEventList`,
 * `GuaranteeClaimEventList`): the one place where Amazon tells them apart until the v0 events are removed
 * (2027-08-27). Items carry the same OrderAdjustmentItemId as the 2024-06-19 item's ORDER_ADJUSTMENT_ITEM_ID.
 * Releases of deferred transactions are not events of their own in v0. Amounts are JSON numbers (BigDecimal).
 */
import { findMarketplace, type Catalogue } from '../catalogue.ts';
import type { Parts } from './line-money.ts';
import { toAmount } from './transaction-notification.ts';
import type { TransactionRecord } from './transaction-store.ts';

const LIST_OF = { refund: 'RefundEventList', chargeback: 'ChargebackEventList', guarantee_claim: 'GuaranteeClaimEventList' } as const;

function charges(p: Parts, currency: string) {
  const money = (minor: number) => ({ CurrencyCode: currency, CurrencyAmount: toAmount(minor, currency) });
  const list: [string, number][] = [['Principal', p.principal], ['Shipping', p.shipping], ['GiftWrap', p.giftWrap], ['Tax', p.tax]];
  return list.filter(([type, v]) => v !== 0 || type === 'Principal').map(([ChargeType, v]) => ({ ChargeType, ChargeAmount: money(v) }));
}

/** The FinancialEvents of one order's posted transactions. */
export function financialEventsOf(transactions: readonly TransactionRecord[], catalogue: Catalogue): Record<string, unknown[]> {
  const events: Record<string, unknown[]> = { ShipmentEventList: [], RefundEventList: [], ChargebackEventList: [], GuaranteeClaimEventList: [] };
  for (const t of transactions) {
    if (t.kind === 'release') continue;
    const head = { AmazonOrderId: t.orderId, MarketplaceName: findMarketplace(catalogue, t.marketplaceId)?.name ?? '', PostedDate: new Date(t.postedMs).toISOString() };
    if (t.kind === 'sale') {
      events.ShipmentEventList!.push({ ...head, ShipmentItemList: t.items.map((i) => ({ SellerSKU: i.sku, OrderItemId: i.orderItemId,
        QuantityShipped: i.quantity, ItemChargeList: charges(i.parts, t.currency) })) });
      continue;
    }
    events[LIST_OF[t.kind]]!.push({ ...head, ShipmentItemAdjustmentList: t.items.map((i) => ({ SellerSKU: i.sku, OrderItemId: i.orderItemId,
      OrderAdjustmentItemId: i.adjustmentItemId, QuantityShipped: i.quantity, ItemChargeAdjustmentList: charges(i.parts, t.currency) })) });
  }
  return events;
}
