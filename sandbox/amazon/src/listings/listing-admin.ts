/** Admin view and control of the listings' merchant quantities (`/_sandbox/listings...`, the in-process handle). */
import { AdminError } from '../admin/admin-ops.ts';
import type { SandboxState } from '../state.ts';
import type { QuantitySource } from './listing-store.ts';

export interface ListingQuantityView {
  sku: string;
  /** The DEFAULT channel quantity Amazon shows (null: no merchant offer, an FBA-only listing). */
  quantity: number | null;
  /** When and by what it last changed (seed, patch, feed, order, cancellation, admin). */
  lastChangedTime: string | null;
  changedBy: QuantitySource | null;
}

function knownSeller(state: SandboxState, sellerId: string): void {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
}

/** Each listing's merchant quantity as Amazon shows it: `quantities` (SKU -> n) and the details per listing. */
export function listingQuantities(state: SandboxState, sellerId: string):
  { sellerId: string; quantities: Record<string, number>; listings: ListingQuantityView[] } {
  state.feedProcessor.advance(); // a finished feed has set its quantities
  knownSeller(state, sellerId);
  const records = state.listings.list(sellerId);
  return {
    sellerId,
    quantities: Object.fromEntries(records.filter((r) => r.quantity !== undefined).map((r) => [r.sku, r.quantity!])),
    listings: records.map((r) => ({ sku: r.sku, quantity: r.quantity ?? null,
      lastChangedTime: r.quantityChangedMs === undefined ? null : new Date(r.quantityChangedMs).toISOString(),
      changedBy: r.changedBy ?? null })),
  };
}

/** Sets a listing's merchant quantity as if changed on Amazon's side (Seller Central): drift for a reconciliation. */
export function setListingQuantity(state: SandboxState, sellerId: string, sku: string, quantity: number): ListingQuantityView {
  knownSeller(state, sellerId);
  if (!Number.isInteger(quantity) || quantity < 0) throw new AdminError(400, 'BAD_QUANTITY', 'quantity must be a non-negative integer');
  const r = state.listings.setQuantity(sellerId, sku, quantity, 'admin');
  return { sku, quantity: r.quantity!, lastChangedTime: new Date(r.quantityChangedMs!).toISOString(), changedBy: r.changedBy! };
}
