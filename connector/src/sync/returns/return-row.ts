/**
 * One row of Amazon's merchant returns report (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE, columns by header name)
 * read into the return the flow stages, and which requests count as authorised. Pure: no I/O.
 *
 * `Return request status`: Amazon writes `Approved` (or `Authorized`) once the return is authorised and the buyer has a
 * label, `Closed` once the parcel is back with the seller (its `Return delivery date` filled); a request still
 * `Pending`/`Requested` is not authorised yet, and `Rejected`/`Cancelled` never will be. Only authorised ones become
 * return pickings; the others are staged and wait for a later report to show them authorised.
 */
import type { FlatFileRow } from '../frame/reports/index.ts';
import { stableHash } from '../../core/stable-hash.ts';

export interface StagedReturn {
  orderId: string;
  rmaId: string;
  sku: string;
  marketplaceId: string;
  status: string;
  quantity: number;
  reason: string;
  requestedAt: string | null;
  deliveredAt: string | null;
  refundedMinor: string | null;
  currency: string | null;
  contentHash: string;
}

const AUTHORISED = new Set(['approved', 'authorized', 'authorised', 'closed']);
const REFUSED = new Set(['rejected', 'cancelled', 'canceled', 'denied']);

/** Whether the request is authorised (a return picking is due), refused for good, or not decided yet. */
export function requestStanding(status: string): 'authorised' | 'refused' | 'pending' {
  const s = status.trim().toLowerCase();
  return AUTHORISED.has(s) ? 'authorised' : REFUSED.has(s) ? 'refused' : 'pending';
}

/** Amazon writes report times as ISO 8601 with an offset; anything else is kept as unknown (null). */
function timeOf(cell: string | undefined): string | null {
  if (!cell) return null;
  const t = Date.parse(cell);
  return Number.isFinite(t) ? new Date(t).toISOString() : null;
}

/** The return a report row stands for, or why it cannot be keyed (the row is then left out). */
export function stagedReturnOf(row: FlatFileRow, marketplaceId: string): { ok: true; value: StagedReturn } | { ok: false; why: string } {
  if (!row.ok) return { ok: false, why: row.code };
  const c = row.cells;
  const orderId = (c['Order ID'] ?? '').trim();
  const rmaId = (c['Amazon RMA ID'] ?? '').trim();
  const sku = (c['Merchant SKU'] ?? '').trim();
  const quantity = row.integers['Return quantity'];
  if (!orderId || !rmaId || !sku) return { ok: false, why: 'RETURN_ROW_UNKEYED' };
  if (orderId.includes('/') || rmaId.includes('/')) return { ok: false, why: 'RETURN_ROW_UNKEYED' };
  if (quantity === null || quantity === undefined || quantity < 1) return { ok: false, why: 'RETURN_ROW_NO_UNITS' };
  const refunded = row.amounts['Refunded Amount'];
  const fields = {
    orderId, rmaId, sku, marketplaceId, status: (c['Return request status'] ?? '').trim(), quantity, reason: (c['Return Reason'] ?? '').trim(),
    requestedAt: timeOf(c['Return request date']), deliveredAt: timeOf(c['Return delivery date']),
    refundedMinor: refunded === null || refunded === undefined ? null : refunded.toString(), currency: (c['Currency code'] ?? '').trim() || null,
  };
  return { ok: true, value: { ...fields, contentHash: stableHash(fields) } };
}
