/**
 * The financial transactions of the generated world and of the admin API (Finances 2024-06-19), per seller. Every
 * time is stored, so an answer at time T shows what Amazon had posted by then: a transaction dated later (a refund
 * the returns world has planned, a deferred sale's release) is held back until its day has come.
 */
import { createHash } from 'node:crypto';
import type { Parts } from './line-money.ts';

export interface TransactionItem {
  orderItemId: string;
  sku: string;
  asin: string;
  title: string;
  quantity: number;
  fulfillmentNetwork: 'MFN' | 'AFN';
  /** Amazon's order adjustment item id (ORDER_ADJUSTMENT_ITEM_ID). */
  adjustmentItemId: string;
  /**
   * The seller's MerchantAdjustmentItemID, for a refund the seller asked for by payment adjustment feed. Kept by the
   * world (admin read-back, the settlement report's `merchant-adjustment-item-id`); Finances 2024-06-19 has no field
   * for it, so listTransactions never shows it.
   */
  merchantAdjustmentItemId?: string;
  parts: Parts;
}

export interface TransactionRecord {
  transactionId: string;
  sellerId: string;
  marketplaceId: string;
  currency: string;
  transactionType: 'Shipment' | 'Refund';
  /** What it is in the world (the API cannot tell a chargeback from a refund: same type and description). */
  kind: 'sale' | 'release' | 'refund' | 'chargeback' | 'guarantee_claim';
  /** A release of a deferred refund: the deferred one's kind. */
  releaseOf?: 'refund' | 'chargeback' | 'guarantee_claim';
  orderId: string;
  refundId?: string;
  postedMs: number;
  /** A deferred sale: why, when it is released, and the release transaction's id. */
  deferral?: { reason: 'B2B' | 'DD7'; maturityMs: number; releaseId: string };
  /** A release: the deferred transaction it releases. */
  deferredId?: string;
  items: TransactionItem[];
  returnId?: string;
  /** TRANSACTION_UPDATE sent (or, for history posted before it was made, not news to anyone). */
  announced: boolean;
  source: 'world' | 'admin' | 'feed';
}

/** The status at `nowMs`: a deferred sale is DEFERRED until its maturity, DEFERRED_RELEASED after. */
export function statusAt(t: TransactionRecord, nowMs: number): 'RELEASED' | 'DEFERRED' | 'DEFERRED_RELEASED' {
  if (!t.deferral) return 'RELEASED';
  return nowMs >= t.deferral.maturityMs ? 'DEFERRED_RELEASED' : 'DEFERRED';
}

export class TransactionStore {
  readonly #bySeller = new Map<string, TransactionRecord[]>();
  #next = 1;

  /** Amazon's transaction ids are 43 URL-safe base64 characters; these are stable for a seed's world. */
  newTransactionId(...parts: string[]): string {
    return createHash('sha256').update(`${parts.join('|')}|${this.#next++}`).digest('base64url');
  }

  newNumber(): number {
    return this.#next++;
  }

  add(t: TransactionRecord): TransactionRecord {
    const list = this.#bySeller.get(t.sellerId) ?? [];
    list.push(t);
    this.#bySeller.set(t.sellerId, list);
    return t;
  }

  /** A seller's transactions (posted or not yet), ordered by (postedDate, transactionId): the paging order. */
  of(sellerId: string): TransactionRecord[] {
    return (this.#bySeller.get(sellerId) ?? []).sort((a, b) => a.postedMs - b.postedMs || (a.transactionId < b.transactionId ? -1 : 1));
  }

  all(): TransactionRecord[] {
    return [...this.#bySeller.values()].flat();
  }

  ofOrder(sellerId: string, orderId: string): TransactionRecord[] {
    return (this.#bySeller.get(sellerId) ?? []).filter((t) => t.orderId === orderId);
  }

  clear(): void {
    this.#bySeller.clear();
    this.#next = 1;
  }
}
