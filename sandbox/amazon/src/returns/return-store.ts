/**
 * Customer returns and FBA reimbursements per seller (issue 14): what the returns reports read. A return is one
 * order line's returned units; every time that matters is stored, so a report made at time T shows the return as
 * Amazon knew it then (requested, delivered back, refunded, its FBA disposition at T). Nothing here moves orders
 * or stock: a return is news only through the reports, as on Amazon ("nothing announces returns").
 */

/** FBA's detailed dispositions (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA `detailed-disposition`). */
export const DISPOSITIONS = ['SELLABLE', 'DAMAGED', 'CUSTOMER_DAMAGED', 'DEFECTIVE', 'CARRIER_DAMAGED', 'DISTRIBUTOR_DAMAGED',
  'EXPIRED'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface DispositionChange { disposition: Disposition; atMs: number; status: string }

export interface ReturnRecord {
  returnId: string;
  sellerId: string;
  orderId: string;
  orderItemId: string;
  marketplaceId: string;
  fulfilledBy: 'MERCHANT' | 'AMAZON';
  sku: string;
  asin: string;
  fnSku: string;
  productName: string;
  quantity: number;
  orderQuantity: number;
  reason: string;
  customerComments: string;
  orderMs: number;
  /** Merchant: the buyer's return request; FBA: when the unit reached the fulfilment centre (the report's return-date). */
  returnMs: number;
  /** Merchant: when the parcel was delivered back to the seller (absent: never, or not yet known). */
  deliveredMs?: number;
  currency: string;
  /** The line's amount, in minor units (the report's Order Amount). */
  orderAmountMinor: number;
  /** Refunded to the buyer (minor units) and when; absent: never refunded. */
  refund?: { amountMinor: number; atMs: number };
  rmaId: string;
  trackingId: string;
  carrier: string;
  prime: boolean;
  /** FBA: disposition history, first = as received; FBA returns that never arrive have none (not in the report). */
  dispositions: DispositionChange[];
  fulfillmentCenterId: string;
  licensePlateNumber: string;
  /** How the return came to be: the generated world, or the admin API. */
  source: 'world' | 'admin';
}

export interface Reimbursement {
  reimbursementId: string;
  caseId: string;
  sellerId: string;
  marketplaceId: string;
  orderId: string;
  /** Amazon's reimbursement reasons: CustomerReturn (refunded, never returned), Damaged_Warehouse, Lost_Warehouse. */
  reason: string;
  sku: string;
  fnSku: string;
  asin: string;
  condition: string;
  currency: string;
  amountPerUnitMinor: number;
  quantityCash: number;
  quantityInventory: number;
  approvalMs: number;
  returnId?: string;
}

/** The disposition of an FBA return as Amazon shows it at `atMs` (undefined before it arrived). */
export function dispositionAt(r: ReturnRecord, atMs: number): DispositionChange | undefined {
  let current: DispositionChange | undefined;
  // The latest change at or before atMs (changes are not always appended in time order).
  for (const d of r.dispositions) if (d.atMs <= atMs && (!current || d.atMs >= current.atMs)) current = d;
  return current;
}

export class ReturnStore {
  readonly returns = new Map<string, ReturnRecord>();
  readonly reimbursements: Reimbursement[] = [];
  /** Units returned per order line (`orderId/orderItemId`): the world asks for every order that ships. */
  readonly #units = new Map<string, number>();
  #next = 1;

  nextId(prefix: string): string {
    return `${prefix}${String(this.#next++).padStart(9, '0')}`;
  }

  add(r: ReturnRecord): ReturnRecord {
    this.returns.set(r.returnId, r);
    const key = `${r.orderId}/${r.orderItemId}`;
    this.#units.set(key, (this.#units.get(key) ?? 0) + r.quantity);
    return r;
  }

  addReimbursement(r: Reimbursement): void {
    this.reimbursements.push(r);
  }

  returnsOf(sellerId: string): ReturnRecord[] {
    return [...this.returns.values()].filter((r) => r.sellerId === sellerId).sort((a, b) => a.returnMs - b.returnMs || (a.returnId < b.returnId ? -1 : 1));
  }

  reimbursementsOf(sellerId: string): Reimbursement[] {
    return this.reimbursements.filter((r) => r.sellerId === sellerId).sort((a, b) => a.approvalMs - b.approvalMs);
  }

  /** Units of an order line already returned (an order line is returned at most up to what shipped). */
  returnedUnits(orderId: string, orderItemId: string): number {
    return this.#units.get(`${orderId}/${orderItemId}`) ?? 0;
  }

  clear(): void {
    this.returns.clear();
    this.reimbursements.length = 0;
    this.#units.clear();
    this.#next = 1;
  }
}
