/**
 * One `performanceMetrics` record of the seller performance report (schema accountHealthReport-2020-11-18.json) as
 * the rows the flow keeps, pure: each rate with its reporting period, what it counts out of what, Amazon's verdict
 * and target. A metric the record lacks or writes in another shape is left out and named in `skipped` (the others
 * are kept): Amazon adds metrics over time and a record may carry only some.
 */
import type { Metric } from './thresholds.ts';

export interface RateRow {
  marketplaceId: string;
  metric: Metric;
  periodFrom: Date;
  periodTo: Date;
  count: number;
  total: number;
  rate: number;
  status: string;
  targetValue: number;
  targetCondition: string;
  detail: Record<string, unknown> | null;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
// Amazon writes "2020-10-21T00:00Z" (minutes, no seconds): Date.parse reads it.
const time = (v: unknown): Date | null => (typeof v === 'string' && Number.isFinite(Date.parse(v)) ? new Date(v) : null);
const countOf = (v: unknown): number | null => (isObj(v) ? num(v.count) : num(v));

/** Which fields hold each metric's count and total. */
const SHAPES: ReadonlyArray<{ metric: Metric; path: readonly string[]; count: string; total: string; detail?: readonly string[] }> = [
  { metric: 'orderDefectRate', path: ['orderDefectRate', 'mfn'], count: 'orderWithDefects', total: 'orderCount', detail: ['claims', 'chargebacks', 'negativeFeedback'] },
  { metric: 'orderDefectRateAfn', path: ['orderDefectRate', 'afn'], count: 'orderWithDefects', total: 'orderCount', detail: ['claims', 'chargebacks', 'negativeFeedback'] },
  { metric: 'lateShipmentRate', path: ['lateShipmentRate'], count: 'lateShipmentCount', total: 'orderCount' },
  { metric: 'preFulfillmentCancellationRate', path: ['preFulfillmentCancellationRate'], count: 'cancellationCount', total: 'orderCount' },
  { metric: 'validTrackingRate', path: ['validTrackingRate'], count: 'validTrackingCount', total: 'shipmentCount' },
  { metric: 'onTimeDeliveryRate', path: ['onTimeDeliveryRate'], count: 'onTimeDeliveryCount', total: 'shipmentCountWithValidTracking' },
];

export function ratesOf(record: Readonly<Obj>): { rows: RateRow[]; skipped: string[] } {
  const marketplaceId = typeof record.marketplaceId === 'string' ? record.marketplaceId : '';
  if (!marketplaceId) return { rows: [], skipped: ['marketplaceId'] };
  const rows: RateRow[] = [];
  const skipped: string[] = [];
  for (const s of SHAPES) {
    const m = s.path.reduce<unknown>((o, k) => (isObj(o) ? o[k] : undefined), record);
    const range = isObj(m) && isObj(m.reportingDateRange) ? m.reportingDateRange : null;
    const from = time(range?.reportingDateFrom);
    const to = time(range?.reportingDateTo);
    const count = isObj(m) ? countOf(m[s.count]) : null;
    const total = isObj(m) ? countOf(m[s.total]) : null;
    const rate = isObj(m) ? num(m.rate) : null;
    const target = isObj(m) ? num(m.targetValue) : null;
    if (!isObj(m) || !from || !to || count === null || total === null || rate === null || target === null) {
      if (m !== undefined) skipped.push(s.metric);
      continue;
    }
    const detail = s.detail ? Object.fromEntries(s.detail.map((k) => [k, countOf(m[k])])) : null;
    rows.push({ marketplaceId, metric: s.metric, periodFrom: from, periodTo: to, count: Math.round(count), total: Math.round(total), rate,
      status: String(m.status ?? 'NONE'), targetValue: target, targetCondition: String(m.targetCondition ?? ''), detail });
  }
  // Policy warnings: how many of Amazon's warning states are BAD, over the account health rating's period.
  const ahr = isObj(record.accountHealthRating) ? record.accountHealthRating : null;
  const range = ahr && isObj(ahr.reportingDateRange) ? ahr.reportingDateRange : null;
  const warnings = Array.isArray(record.warningStates) ? record.warningStates.filter(isObj) : [];
  const from = time(range?.reportingDateFrom);
  const to = time(range?.reportingDateTo);
  if (from && to) {
    const bad = warnings.filter((w) => w.status === 'BAD').length;
    rows.push({ marketplaceId, metric: 'policyWarnings', periodFrom: from, periodTo: to, count: bad, total: warnings.length, rate: 0,
      status: bad ? 'BAD' : 'GOOD', targetValue: 0, targetCondition: 'EQUALS',
      detail: { warningStates: warnings, accountHealthRating: ahr?.ahrStatus ?? ahr?.accountHealthRatingStatus ?? null } });
  }
  return { rows, skipped };
}
