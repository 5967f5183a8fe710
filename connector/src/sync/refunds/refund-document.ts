/**
 * An Amazon refund as the flow stores it (`fetched_document` kind `refund`, key = its REFUND_ID, or the
 * transactionId when Amazon gives none): read off one Finances 2024-06-19 Refund transaction (a chargeback looks
 * the same there). Amounts stay minor units, as decimal strings (JSON has no bigint); refunds are negative as the
 * seller sees them. Each item keeps its ORDER_ADJUSTMENT_ITEM_ID, SKU, units and parts.
 */
import { flattenBreakdowns, type FinanceItem, type FinanceTransaction } from '../../amazon/finances-transaction.ts';
import { NO_PII, type DocumentKind } from '../../core/documents/index.ts';
import { deferralOf } from './deferred-refund.ts';

export interface RefundItem {
  /** ORDER_ADJUSTMENT_ITEM_ID (null when Amazon gives none). */
  itemId: string | null;
  sku: string | null;
  quantity: number | null;
  /** Every leaf of the item's breakdowns by its normalised path (`productcharges/principal`, `tax`...): minor units. */
  parts: Record<string, string>;
  /**
   * What the seller credits: the item's parts less the tax Amazon withheld (it stays off, as on the invoice). A
   * refund gives the buyer back the tax too (Tax, or the VAT inside a gross Principal) and Amazon hands the withheld
   * tax back in a positive TaxWithheld leaf: the seller's part is every leaf, withheld tax included.
   */
  creditMinor: string;
}

/** Where a deferred refund stands (null: never deferred). */
export interface RefundDeferral {
  /** DeferredContext's deferralReason (`B2B`, `DD7`), null when Amazon gives none. */
  reason: string | null;
  /** DeferredContext's maturityDate: when Amazon releases it (ISO 8601), null when unknown. */
  maturityDate: string | null;
  /** The DEFERRED transaction and its release (RELEASE_TRANSACTION_ID), null until each is seen. */
  deferredTransactionId: string | null;
  releaseTransactionId: string | null;
  /** Released: the release seen, or the deferred one read as DEFERRED_RELEASED. */
  released: boolean;
}

export interface RefundDocument {
  refundId: string;
  /** The transaction first stored for this refund (the deferred one for a deferred refund). */
  transactionId: string;
  orderId: string | null;
  postedDate: string;
  status: string;
  marketplaceId: string | null;
  currency: string;
  totalMinor: string;
  creditMinor: string;
  items: RefundItem[];
  /** A deferred refund and its release count as one refund: the pair's state (deferred-refund.ts). */
  deferral: RefundDeferral | null;
}

/** The kinds of transaction this flow credits (case- and space-insensitive: the type is free text). */
export const isRefund = (t: FinanceTransaction): boolean => t.transactionType.replace(/\s+/g, '').toLowerCase() === 'refund';

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
export const related = (ids: ReadonlyArray<{ name: string; value: string }>, name: string) => ids.find((r) => r.name === name)?.value ?? null;

function itemOf(item: FinanceItem): RefundItem {
  const parts: Record<string, string> = {};
  let credit = 0n;
  for (const leaf of flattenBreakdowns(item.breakdowns)) {
    if (!leaf.leaf) continue;
    const path = leaf.path.map(norm).join('/');
    parts[path] = String(BigInt(parts[path] ?? '0') + leaf.amount.minor);
    // The withheld tax's leaf counts: it takes the tax the buyer got back off the seller's credit.
    credit += leaf.amount.minor;
  }
  const product = item.contexts.find((c) => (c as { sku?: unknown }).sku !== undefined) as { sku?: string; quantityShipped?: number } | undefined;
  return { itemId: related(item.relatedIdentifiers, 'ORDER_ADJUSTMENT_ITEM_ID'), sku: product?.sku ?? null, quantity: product?.quantityShipped ?? null, parts, creditMinor: String(credit) };
}

/**
 * The stored form of one refund transaction. Its key: REFUND_ID; without one, a release takes the deferred
 * transaction's id (DEFERRED_TRANSACTION_ID), which is that one's own key, so the pair is one refund.
 */
export function refundDocumentOf(t: FinanceTransaction): RefundDocument {
  const items = t.items.map(itemOf);
  return {
    refundId: related(t.relatedIdentifiers, 'REFUND_ID') ?? related(t.relatedIdentifiers, 'DEFERRED_TRANSACTION_ID') ?? t.transactionId,
    transactionId: t.transactionId,
    orderId: related(t.relatedIdentifiers, 'ORDER_ID'),
    postedDate: t.postedDate,
    status: t.transactionStatus,
    marketplaceId: t.marketplaceDetails?.marketplaceId ?? t.sellingPartnerMetadata?.marketplaceId ?? null,
    currency: t.totalAmount.currency,
    totalMinor: String(t.totalAmount.minor),
    creditMinor: String(items.reduce((s, i) => s + BigInt(i.creditMinor), 0n)),
    items,
    deferral: deferralOf(t),
  };
}

/** No buyer data in a refund transaction. */
export const refundKind: DocumentKind<RefundDocument> = { name: 'refund', ...NO_PII };
