/**
 * The thresholds the connector watches (Amazon's account health targets, sp-api-notes.md and the issue: ODR under
 * 1 %, late shipments under 4 %, pre-fulfilment cancellations under 2.5 %, valid tracking at least 95 %) and where a
 * rate stands against one, pure. A rate is read as a share of defects against the share allowed: an "at least 95 %"
 * rate allows 5 % without tracking. `warnMargin` is the part of that allowance kept as a warning zone: 0.25 warns
 * once 75 % of the allowance is used (ODR 0.75 %, valid tracking 96.25 %).
 */
export type Metric = 'orderDefectRate' | 'orderDefectRateAfn' | 'lateShipmentRate' | 'preFulfillmentCancellationRate' | 'validTrackingRate' | 'onTimeDeliveryRate' | 'policyWarnings';

export interface Threshold {
  /** below: the rate must stay under `value`; atLeast: the rate must stay at or above it. */
  kind: 'below' | 'atLeast';
  value: number;
  label: string;
}

/** The watched rates; the others (on-time delivery, the FBA ODR, warnings) are kept and shown against Amazon's own target. */
export const THRESHOLDS: Readonly<Partial<Record<Metric, Threshold>>> = {
  orderDefectRate: { kind: 'below', value: 0.01, label: 'order defect rate (merchant-fulfilled) under 1 %' },
  lateShipmentRate: { kind: 'below', value: 0.04, label: 'late shipment rate under 4 %' },
  preFulfillmentCancellationRate: { kind: 'below', value: 0.025, label: 'pre-fulfilment cancellation rate under 2.5 %' },
  validTrackingRate: { kind: 'atLeast', value: 0.95, label: 'valid tracking rate at least 95 %' },
};

export type Level = 'ok' | 'warn' | 'breach';

/** The share of the allowance a rate uses (0: none, 1: at the threshold). */
export function allowanceUsed(t: Threshold, rate: number): number {
  return t.kind === 'below' ? rate / t.value : (1 - rate) / (1 - t.value);
}

/** Where `rate` stands: past the threshold, in the warning zone, or fine. */
export function levelOf(t: Threshold, rate: number, warnMargin: number): Level {
  const used = allowanceUsed(t, rate);
  const past = t.kind === 'below' ? rate >= t.value : rate < t.value;
  if (past) return 'breach';
  return used >= 1 - warnMargin - 1e-12 ? 'warn' : 'ok';
}

/** The rate at which a warning starts. */
export function warnAt(t: Threshold, warnMargin: number): number {
  return t.kind === 'below' ? t.value * (1 - warnMargin) : 1 - (1 - t.value) * (1 - warnMargin);
}
