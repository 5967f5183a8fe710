/**
 * Contract C3: what other flows (the refunds flow) may know of an order's invoicing, and ask for. Whether the
 * backend invoices its shipments at all (the flow on, not a dry run) and where the order's requests stand:
 * `waiting` (the invoice job will make it), `invoiced` (made), `stuck` (a request in conflict or failed: a person
 * must act), `none` (no shipment of the order was recorded for invoicing). `invoiceNow` runs the backend's invoice
 * job at once instead of after its gathering second.
 */
import type { BackendSettings } from '../../core/backend/settings/index.ts';
import type { Queryable } from '../../core/sql.ts';
import { goLiveOfFlow } from '../frame/flow.ts';
import { requestsOfOrders } from './invoice-requests.ts';
import { INVOICES_FLOW } from './invoices.payloads.ts';
import { enqueueInvoicing } from './request-invoice.ts';

export type OrderInvoicing = 'off' | 'none' | 'waiting' | 'invoiced' | 'stuck';

export async function orderInvoicing(db: Queryable, backend: { id: number; settings: BackendSettings }, amazonOrderId: string): Promise<OrderInvoicing> {
  const live = goLiveOfFlow({ name: INVOICES_FLOW, goLive: { enabledByDefault: true } }, backend.settings);
  if (!live.enabled || live.dryRun) return 'off';
  const states = new Set((await requestsOfOrders(db, backend.id, [amazonOrderId])).map((r) => r.state));
  if (states.has('waiting')) return 'waiting';
  if (states.has('invoiced')) return 'invoiced';
  if (states.has('conflict') || states.has('failed')) return 'stuck';
  return 'none';
}

/** The backend's invoice job, due now (one pending per backend: a job already queued keeps its time). */
export const invoiceNow = (db: Queryable, backendId: number): Promise<void> => enqueueInvoicing(db, backendId, 0);
