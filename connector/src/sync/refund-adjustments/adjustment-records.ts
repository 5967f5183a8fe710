/**
 * Where each payment adjustment stands, kept as a `refund_adjustment` binding (Amazon side: the seller's adjustment
 * id `CN<credit note id>`, which is also the feed message key and the prefix of every MerchantAdjustmentItemID;
 * ERP side: the credit note): `queued` (written with the feed message, one transaction) -> `accepted` | `rejected` |
 * `unknown` once Amazon's report was read -> `matched` when the refunds flow bound Amazon's refund transaction to the
 * credit note; `retry` once a person retried a refusal. Only this file reads and writes these bindings.
 */
import { createBinder, type Binding } from '../../core/binding/binder.ts';
import type { Queryable } from '../../core/sql.ts';
import { ACCOUNT_MOVE } from './erp/credit-note-out.gateway.ts';

export const ADJUSTMENT_BINDING = 'refund_adjustment' as const;

export type AdjustmentStatus = 'queued' | 'accepted' | 'rejected' | 'unknown' | 'retry' | 'matched';

/** One adjusted item as sent: the order item, its SKU, the units and what the buyer gets back (minor units). */
export interface AdjustedItem { orderItemId: string; merchantAdjustmentItemId: string; sku: string; quantity: number; amountMinor: string }

export interface AdjustmentState {
  status: AdjustmentStatus;
  amazonOrderId: string;
  currency: string;
  reason: string;
  /**
   * What the buyer gets back in all (minor units, a decimal string): the sum sent, i.e. the credit note's total plus,
   * on an order whose tax Amazon withheld, that tax's share (mapping/withheld-tax.ts).
   */
  totalMinor: string;
  /** The credit note's total (the seller's money once Amazon returned the withheld tax); absent on older records. */
  creditNoteMinor?: string;
  items: AdjustedItem[];
  feedId?: number;
  code?: string | null;
  message?: string | null;
  /** The Amazon refund bound to the credit note (status `matched`). */
  refundId?: string;
  at: string;
}

export interface AdjustmentRecord { adjustmentId: string; moveId: number; state: AdjustmentState }

const recordOf = (b: Binding): AdjustmentRecord => ({ adjustmentId: b.amazonKey, moveId: b.erpId, state: b.state as AdjustmentState });

/** The seller's adjustment id of a credit note. */
export const adjustmentIdOf = (moveId: number): string => `CN${moveId}`;

export async function adjustmentOfMove(db: Queryable, backendId: number, moveId: number): Promise<AdjustmentRecord | null> {
  const b = await createBinder(db).toErp(backendId, ADJUSTMENT_BINDING, adjustmentIdOf(moveId));
  return b ? recordOf(b) : null;
}

export async function adjustmentsByKey(db: Queryable, backendId: number, keys: readonly string[]): Promise<Map<string, AdjustmentRecord>> {
  const found = await createBinder(db).toErpMany(backendId, ADJUSTMENT_BINDING, keys);
  return new Map([...found].map(([k, b]) => [k, recordOf(b)]));
}

/**
 * The adjustments sent for an Amazon order. Adjustments are few (a person marks each credit note), so the kind is
 * read whole and filtered; an index on the state's order id would be the next step at scale.
 */
export async function adjustmentsOfOrder(db: Queryable, backendId: number, amazonOrderId: string): Promise<AdjustmentRecord[]> {
  return (await createBinder(db).listKind(backendId, ADJUSTMENT_BINDING)).map(recordOf).filter((r) => r.state.amazonOrderId === amazonOrderId);
}

/** Writes (or moves on) an adjustment's state, in the caller's transaction. */
export async function saveAdjustment(db: Queryable, backendId: number, r: AdjustmentRecord): Promise<void> {
  await createBinder(db).bind(backendId, { kind: ADJUSTMENT_BINDING, amazonKey: r.adjustmentId, erpModel: ACCOUNT_MOVE, erpId: r.moveId, state: r.state });
}
