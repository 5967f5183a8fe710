/**
 * The connector's leading indicators: what it knows before Amazon's report does, each with the orders behind it,
 * asked of the flows that own the facts through their index.ts: open merchant orders at risk of shipping late (the
 * shipments flow's ship-by list), packages it confirmed after the latest ship time (shipment bindings), tracking
 * numbers refused before sending or by Amazon (open shipment conflicts), and the cancellations the seller made
 * (the cancellations flow's seller cancellations). Looked back over Amazon's own periods: 30 days for shipping and
 * tracking, 7 for cancellations.
 */
import type { TaskEnv } from '../frame/task-env.ts';
import { sellerCancellationsSince } from '../cancellations/index.ts';
import { lateConfirmations, listAtRisk, shipByHoursOf } from '../shipments/index.ts';
import { ADVICE, type Indicator } from './advice.ts';

const DAY = 86_400_000;
/** At most this many orders are listed per indicator (the count is the full one). */
export const INDICATOR_LIMIT = 100;

export interface IndicatorOrder {
  amazonOrderId: string;
  /** When it happened or is due (ISO). */
  at: string;
  note: string;
}

export interface LeadingIndicator {
  key: Indicator;
  label: string;
  count: number;
  orders: IndicatorOrder[];
  advice: string;
}

const iso = (d: Date) => d.toISOString();

export async function leadingIndicators(env: Pick<TaskEnv, 'db' | 'core'>, backendId: number, now = new Date()): Promise<LeadingIndicator[]> {
  const backend = await env.core.backends.get(backendId);
  const month = new Date(now.getTime() - 30 * DAY);
  const week = new Date(now.getTime() - 7 * DAY);
  const risk = await listAtRisk(env.db.pool, backendId, { thresholdHours: shipByHoursOf(backend.settings), limit: INDICATOR_LIMIT });
  const late = await lateConfirmations(env.db.pool, backendId, month);
  const refused = (await Promise.all(['TRACKING_INVALID', 'SHIPMENT_REFUSED'].map((code) =>
    env.core.conflicts.list({ backendId, kind: 'shipment', code, status: 'open', limit: INDICATOR_LIMIT })))).flat();
  const cancelled = await sellerCancellationsSince(env.db.pool, backendId, week);
  const orderOf = (snapshot: unknown) => (snapshot && typeof snapshot === 'object' && typeof (snapshot as { amazonOrderId?: unknown }).amazonOrderId === 'string'
    ? (snapshot as { amazonOrderId: string }).amazonOrderId : '');
  const indicators: Array<Omit<LeadingIndicator, 'label' | 'advice'>> = [
    { key: 'atRisk', count: risk.atRisk + risk.late, orders: risk.rows.map((r) => ({ amazonOrderId: r.amazonOrderId, at: iso(r.latestShipAt),
      note: `${r.late ? 'late: ship-by passed' : 'ship by'} ${iso(r.latestShipAt)}${r.erpOrder?.name ? ` (${r.erpOrder.name})` : ''}` })) },
    { key: 'confirmedLate', count: late.length, orders: late.slice(0, INDICATOR_LIMIT).map((l) => ({ amazonOrderId: l.amazonOrderId, at: iso(l.confirmedAt),
      note: `confirmed ${Math.ceil((l.confirmedAt.getTime() - l.latestShipAt.getTime()) / 3_600_000)} h after the latest ship time (${l.carrierCode})` })) },
    { key: 'trackingRefused', count: refused.length, orders: refused.map((c) => ({ amazonOrderId: orderOf(c.erpSnapshot), at: iso(c.createdAt),
      note: `${c.code}: ${c.message}`.slice(0, 300) })) },
    { key: 'sellerCancelled', count: cancelled.length, orders: cancelled.slice(0, INDICATOR_LIMIT).map((c) => ({ amazonOrderId: c.state.amazonOrderId, at: c.state.at,
      note: `${c.state.wholeOrder ? 'whole order' : 'some units'} cancelled (${c.state.reason}), ${c.state.status}` })) },
  ];
  return indicators.map((i) => ({ ...i, label: ADVICE[i.key].label, advice: ADVICE[i.key].advice }));
}
