/**
 * Contract C2: how the shipments and FBA flows ask for a shipment's invoice. Called inside the transaction that
 * records the shipment (rule 2): the request and its job exist exactly when the shipment does.
 */
import { enqueue } from '../../core/queue/enqueue.ts';
import type { Queryable } from '../../core/sql.ts';
import { insertRequest } from './invoice-requests.ts';
import { Tasks } from './invoices.payloads.ts';

export interface InvoiceRequest {
  backendId: number;
  amazonOrderId: string;
  /** The caller's key of the shipment: `mfn:<pickingId>`, `fba:<amazonOrderId>` (or per Amazon shipment). */
  shipmentKey: string;
  /** Amazon's ship date (ISO 8601): the invoice date, the VAT tax point. */
  shipDate: string;
}

/** Seconds a new request waits for others of the backend, so that one ERP call invoices several orders. */
const GATHER_MS = 1_000;

/** The invoice job of a backend: one pending per backend, whatever the number of requests it will find. */
export async function enqueueInvoicing(tx: Queryable, backendId: number, delayMs = GATHER_MS): Promise<void> {
  await enqueue(tx, Tasks.invoice, { backendId }, {
    jobKey: `${Tasks.invoice}:${backendId}`,
    // A pending job keeps its time: a stream of requests is gathered, not postponed for ever.
    jobKeyMode: 'preserve_run_at',
    runAt: new Date(Date.now() + delayMs),
    maxAttempts: 25,
  });
}

/**
 * Records the request to invoice one shipment and enqueues the backend's invoice job, in `tx`. Idempotent per
 * (backend, shipment key): a repeat (a retried caller, two workers) changes nothing and enqueues nothing.
 */
export async function requestInvoice(tx: Queryable, req: InvoiceRequest): Promise<void> {
  const shipDate = new Date(req.shipDate);
  if (!req.shipmentKey || !req.amazonOrderId || Number.isNaN(shipDate.getTime())) {
    throw new TypeError(`requestInvoice: a shipment key, an Amazon order id and an ISO 8601 ship date are required (got ${JSON.stringify(req.shipDate)})`);
  }
  const created = await insertRequest(tx, { backendId: req.backendId, shipmentKey: req.shipmentKey, amazonOrderId: req.amazonOrderId, shipDate });
  if (created) await enqueueInvoicing(tx, req.backendId);
}
