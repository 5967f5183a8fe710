/**
 * What the seller sent the buyer through Solicitations and Messaging, per order, as Amazon accepted it (admin:
 * `GET /_sandbox/orders/:id/care`). A request Amazon refused is kept too, with its error, so a test can tell a
 * refused second request from one never sent.
 */
import type { AmazonError } from '../http/amazon-errors.ts';

export interface CareEntry {
  receivedAt: string;
  sellerId: string;
  /** `productReviewAndSellerFeedback`, or the message type (`confirmDeliveryDetails`, `warranty`, ...). */
  action: string;
  kind: 'solicitation' | 'message';
  marketplaceId: string;
  body?: unknown;
  outcome: 'accepted' | 'refused';
  status: number;
  errors?: AmazonError[];
}

export class CareLog {
  readonly #byOrder = new Map<string, CareEntry[]>();

  record(orderId: string, entry: CareEntry): void {
    const list = this.#byOrder.get(orderId) ?? [];
    list.push(entry);
    this.#byOrder.set(orderId, list);
  }

  list(orderId: string): CareEntry[] {
    return (this.#byOrder.get(orderId) ?? []).map((e) => ({ ...e }));
  }

  /** Whether the order already had an accepted entry of this action (a review request goes once per order). */
  accepted(orderId: string, action: string): boolean {
    return (this.#byOrder.get(orderId) ?? []).some((e) => e.action === action && e.outcome === 'accepted');
  }

  clear(): void {
    this.#byOrder.clear();
  }
}
