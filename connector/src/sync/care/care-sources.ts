/**
 * The buyer events that need a person, read from the flows that know them (each through its index.ts): a buyer's
 * cancel request not answered (cancellations), a return request (returns, the staged report rows), a chargeback or
 * an A-to-z claim once the money side shows it (refunds, the kind from the v0 financial events), an unshipped
 * order within its ship-by threshold or late (shipments' ship-by list). Each source is read whole on every sweep:
 * staging keeps only the new (order, reason) pairs.
 */
import type { Queryable } from '../../core/sql.ts';
import { openBuyerRequests } from '../cancellations/index.ts';
import { forcedRefunds } from '../refunds/index.ts';
import { returnRequests } from '../returns/index.ts';
import { listAtRisk, shipByHoursOf } from '../shipments/index.ts';
import type { CareEvent } from './care-store.ts';

/** At most this many orders of the ship-by list per sweep (late ones and at-risk ones each). */
const SHIP_BY_LIMIT = 500;

export async function careEvents(db: Queryable, backendId: number, settings: unknown, sinceDays: number, now: Date = new Date()): Promise<CareEvent[]> {
  const events: CareEvent[] = [];
  for (const r of await openBuyerRequests(db, backendId)) {
    events.push({ amazonOrderId: r.amazonOrderId, reason: 'cancel_request', at: r.requestedAt, detail: { requestReason: r.reason } });
  }
  for (const r of await returnRequests(db, backendId, sinceDays)) {
    events.push({ amazonOrderId: r.amazonOrderId, reason: 'return_request', at: r.requestedAt ?? now, detail: { rmaIds: r.rmaIds, returnReasons: r.reasons } });
  }
  for (const r of await forcedRefunds(db, backendId, sinceDays)) {
    events.push({ amazonOrderId: r.amazonOrderId, reason: r.kind === 'chargeback' ? 'chargeback' : 'a_to_z_claim', at: r.seenAt, detail: { refundId: r.refundId } });
  }
  const atRisk = await listAtRisk(db, backendId, { thresholdHours: shipByHoursOf(settings), limit: SHIP_BY_LIMIT });
  for (const r of atRisk.rows) {
    // Due from when the connector saw the risk: the latest ship time itself is in the detail (and the summary).
    events.push({ amazonOrderId: r.amazonOrderId, reason: 'ship_late', at: now, detail: { latestShipDate: r.latestShipAt.toISOString(), late: r.late } });
  }
  return events;
}
