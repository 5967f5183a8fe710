/**
 * What follows a package Amazon accepted, in the transaction that records it: the invoices flow's request
 * (contract C2, idempotent per backend and shipment key). Wired when the invoices flow is merged.
 */
import type { Queryable } from '../../core/sql.ts';

export interface ConfirmedPackage {
  backendId: number;
  amazonOrderId: string;
  shipmentKey: string;
  shipDate: string;
}

export async function onPackageConfirmed(_tx: Queryable, _p: ConfirmedPackage): Promise<void> {
  // Until the invoices flow (h/invoices) is merged there is nothing to call.
}
