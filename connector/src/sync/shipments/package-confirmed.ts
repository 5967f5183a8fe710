/**
 * What follows a package Amazon accepted, in the transaction that records it: the invoices flow's request
 * (contract C2, idempotent per backend and shipment key `mfn:<pickingId>`), dated on the package's ship date.
 */
import type { Queryable } from '../../core/sql.ts';
import { requestInvoice } from '../invoices/index.ts';

export interface ConfirmedPackage {
  backendId: number;
  amazonOrderId: string;
  shipmentKey: string;
  shipDate: string;
}

/** Asks for the invoice of the shipped units (the invoices flow decides whether the backend invoices). */
export async function onPackageConfirmed(tx: Queryable, p: ConfirmedPackage): Promise<void> {
  await requestInvoice(tx, p);
}
