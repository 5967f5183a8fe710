/**
 * What the import does with a stored Amazon order, decided ONCE per order from its fulfilment status and what the
 * connector knows of it in the ERP (its binding). Amazon-fulfilled (FBA) orders are left alone unless the backend's
 * `fba` flow is on: then a SHIPPED one is imported like a merchant order (its delivery is the fba flow's to
 * validate) and the others wait until Amazon ships them. The workflow only dispatches on `action`; it never re-decides.
 */
import type { Order } from '../../amazon/models/orders-v2026.ts';
import type { ErrorCode } from '../../core/errors.ts';
import { shippedQuantities } from '../../amazon/order-units.ts';
import { isPriced } from './mapping/item-amounts.ts';

/** What the binding of an order tells the disposition (absent: never imported). */
export interface ImportedAs {
  /** The ERP's write_date recorded when the import was verified; null: created but never verified. */
  erpWriteDate: string | null;
  /** The content hash the ERP order was last written from. */
  payloadHash: string | null;
}

export type OrderDisposition =
  /** Nothing yet: payment or stock still pending at Amazon; look again on a later sweep. */
  | { action: 'wait'; code: ErrorCode; reason: string }
  /** Nothing to do, ever (cancelled or unfulfillable before import, FBA, malformed): recorded as `state`. */
  | { action: 'ignore'; code: ErrorCode; reason: string; state: 'ignored' | 'not_imported' }
  /** A person must decide (cancelled or unfulfillable after import). */
  | { action: 'conflict'; code: ErrorCode; reason: string }
  /**
   * Create the ERP order and confirm it; also an import a run left unverified (bound, no write_date): its steps
   * find the ERP order by reference, so nothing is created twice and a draft still gets confirmed.
   */
  | { action: 'create'; reason: string }
  /** Imported, and Amazon's content changed since: apply the changes if the ERP side allows it. */
  | { action: 'update'; reason: string }
  /**
   * Imported and unchanged: only say again what shipped (a run killed between verify and recording left the
   * order without it, and the shipment lifecycle reads it).
   */
  | { action: 'unchanged'; reason: string; shipped: Record<string, number> };

/** An imported order: finish, update or leave it, by what its binding says. */
function ofImported(order: Order, imported: ImportedAs, contentHash: string, reason: string): OrderDisposition {
  if (imported.erpWriteDate === null) return { action: 'create', reason: `${reason}: finishing an unverified import` };
  if (imported.payloadHash === contentHash) return { action: 'unchanged', reason, shipped: shippedQuantities(order) };
  return { action: 'update', reason };
}

/** What the backend has switched on that changes dispositions: `fba`, the fba flow (FBA orders imported once shipped). */
export interface DispositionOptions {
  fba?: boolean;
}

/** The disposition of `order` (whose stored content hash is `contentHash`), given its binding if imported. */
export function orderDisposition(order: Order, imported: ImportedAs | undefined, contentHash: string, options: DispositionOptions = {}): OrderDisposition {
  const f = order.fulfillment;
  if (!f) return { action: 'ignore', code: 'ORDER_MALFORMED', reason: 'no fulfillment data (FULFILLMENT not included)', state: 'not_imported' };
  if (f.fulfilledBy === 'AMAZON') {
    if (!options.fba) return { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'fulfilled by Amazon (FBA)', state: 'ignored' };
    // Amazon ships it from its own stock: nothing for the seller to do before it shipped, and only then are the
    // shipped quantities (what leaves the pool's warehouse) known. A partly shipped one waits for the rest.
    const open = ['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED', 'PARTIALLY_SHIPPED'].includes(f.fulfillmentStatus ?? '');
    if (open && !imported) return { action: 'wait', code: 'FBA_NOT_SHIPPED', reason: `${f.fulfillmentStatus}: an FBA order is imported once Amazon shipped it` };
  }
  // An order that would be created but has no proceeds yet (Amazon prices some orders late): nothing to book;
  // its priced version changes the content hash, so a later sweep queues it again.
  const creatable = ['UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED'].includes(f.fulfillmentStatus ?? '');
  if (!imported && creatable && order.orderItems.some((i) => i.quantityOrdered > 0 && !isPriced(i))) {
    return { action: 'wait', code: 'ORDER_NOT_PRICED', reason: `${f.fulfillmentStatus}: Amazon has not priced it yet` };
  }
  switch (f.fulfillmentStatus) {
    // A pre-order (PENDING_AVAILABILITY) becomes PENDING on release, then UNSHIPPED: leaving the pending stage
    // changes the content hash, so the sweep queues it again. A pending order may carry no prices at all.
    case 'PENDING':
    case 'PENDING_AVAILABILITY':
      return imported
        ? ofImported(order, imported, contentHash, `${f.fulfillmentStatus} after import`)
        : { action: 'wait', code: 'ORDER_PENDING', reason: `${f.fulfillmentStatus}: not yet importable` };
    case 'UNSHIPPED':
    case 'PARTIALLY_SHIPPED':
    case 'SHIPPED':
      // Partly shipped: created with every unit still sold (shipped and open); what shipped is recorded apart.
      if (imported) return ofImported(order, imported, contentHash, f.fulfillmentStatus);
      return { action: 'create', reason: f.fulfillmentStatus };
    case 'CANCELLED':
      return imported
        ? { action: 'conflict', code: 'ORDER_CANCELLED_AFTER_IMPORT', reason: 'cancelled at Amazon after import' }
        : { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'cancelled before import', state: 'not_imported' };
    case 'UNFULFILLABLE':
      return imported
        ? { action: 'conflict', code: 'ORDER_NOT_IMPORTABLE', reason: 'unfulfillable at Amazon after import' }
        : { action: 'ignore', code: 'ORDER_NOT_IMPORTABLE', reason: 'unfulfillable', state: 'not_imported' };
  }
}
