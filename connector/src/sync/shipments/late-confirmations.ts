/**
 * Read side for the account-health flow: the packages this connector confirmed to Amazon after the order's latest
 * ship time (what Amazon's late shipment rate will count), from the `shipment` bindings (confirmed, with the time
 * Amazon accepted them) and the stored orders' `shipByWindow.latestDateTime`.
 */
import { createBinder } from '../../core/binding/binder.ts';
import type { Queryable } from '../../core/sql.ts';
import { ORDER_DOCUMENT } from '../orders/index.ts';
import type { ShipmentState } from './shipment-records.ts';

export interface LateConfirmation {
  amazonOrderId: string;
  pickingId: number;
  confirmedAt: Date;
  latestShipAt: Date;
  carrierCode: string;
  trackingNumber: string;
}

/** Packages confirmed since `since` after their order's latest ship time, latest confirmation first. */
export async function lateConfirmations(db: Queryable, backendId: number, since: Date): Promise<LateConfirmation[]> {
  const confirmed = (await createBinder(db).listKind(backendId, 'shipment')).flatMap((b) => {
    const s = b.state as ShipmentState | null;
    const at = s?.status === 'confirmed' && s.confirmedAt ? new Date(s.confirmedAt) : null;
    return at && at >= since ? [{ b, s: s!, at }] : [];
  });
  if (!confirmed.length) return [];
  const { rows } = await db.query<{ key: string; latest: string | null }>(
    `select key, payload #>> '{fulfillment,shipByWindow,latestDateTime}' as latest from fetched_document where backend_id = $1 and kind = $2 and key = any($3::text[])`,
    [backendId, ORDER_DOCUMENT.name, [...new Set(confirmed.map((c) => c.s.amazonOrderId))]],
  );
  const latest = new Map(rows.flatMap((r) => (r.latest && Number.isFinite(Date.parse(r.latest)) ? [[r.key, new Date(r.latest)] as const] : [])));
  return confirmed
    .flatMap(({ b, s, at }) => {
      const l = latest.get(s.amazonOrderId);
      return l && at > l ? [{ amazonOrderId: s.amazonOrderId, pickingId: b.erpId, confirmedAt: at, latestShipAt: l,
        carrierCode: s.request.packageDetail.carrierCode, trackingNumber: s.request.packageDetail.trackingNumber }] : [];
    })
    .sort((a, b) => b.confirmedAt.getTime() - a.confirmedAt.getTime());
}
