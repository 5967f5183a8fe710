/**
 * The history as the health screen draws it: one series per marketplace and metric, oldest period first, with the
 * threshold the connector watches (else Amazon's target), where the warning starts, the latest period's level, and
 * what to do.
 */
import type { Queryable } from '../../core/sql.ts';
import { RATE_ADVICE } from './advice.ts';
import { rateHistory } from './health-store.ts';
import { levelOf, THRESHOLDS, warnAt, type Metric } from './thresholds.ts';

const LABELS: Readonly<Record<Metric, string>> = {
  orderDefectRate: 'Order defect rate (merchant-fulfilled)',
  orderDefectRateAfn: 'Order defect rate (fulfilled by Amazon)',
  lateShipmentRate: 'Late shipment rate',
  preFulfillmentCancellationRate: 'Pre-fulfilment cancellation rate',
  validTrackingRate: 'Valid tracking rate',
  onTimeDeliveryRate: 'On-time delivery rate',
  policyWarnings: 'Policy warnings',
};

export async function healthHistory(db: Queryable, backendId: number, since: Date, warnMargin: number) {
  const rows = await rateHistory(db, backendId, since);
  const series = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.marketplaceId}|${r.metric}`;
    series.set(k, [...(series.get(k) ?? []), r]);
  }
  return [...series.values()].map((points) => {
    const last = points[points.length - 1]!;
    const metric = last.metric;
    const t = THRESHOLDS[metric];
    const amazonKind = last.targetCondition === 'GREATER_THAN' ? 'atLeast' : last.targetCondition === 'LESS_THAN' ? 'below' : last.targetCondition;
    return {
      marketplaceId: last.marketplaceId,
      metric,
      label: LABELS[metric] ?? metric,
      target: t ? { value: t.value, condition: t.kind, watched: true } : { value: last.targetValue, condition: amazonKind, watched: false },
      warnAt: t ? warnAt(t, warnMargin) : null,
      level: last.total === 0 ? 'none' : t ? levelOf(t, last.rate, warnMargin) : last.status === 'BAD' ? 'breach' : 'ok',
      advice: RATE_ADVICE[metric] ?? '',
      points: points.map((p) => ({ periodFrom: p.periodFrom.toISOString(), periodTo: p.periodTo.toISOString(), count: p.count, total: p.total, rate: p.rate,
        status: p.status, readAt: p.readAt.toISOString() })),
    };
  });
}
