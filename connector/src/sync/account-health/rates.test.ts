import { describe, expect, it } from 'vitest';
import { ratesOf } from './rates.ts';
import { levelOf, THRESHOLDS, warnAt } from './thresholds.ts';

const range = { reportingDateFrom: '2026-05-12T00:00Z', reportingDateTo: '2026-06-10T23:59Z' };
const odr = (n: number) => ({ reportingDateRange: range, orderCount: 200, orderWithDefects: { count: n, status: 'NONE' }, claims: { count: n, status: 'NONE' },
  chargebacks: { count: 0, status: 'NONE' }, negativeFeedback: { count: 0, status: 'NONE' }, fulfillmentType: 'mfn', status: 'GOOD', rate: n / 200, targetValue: 0.01, targetCondition: 'LESS_THAN' });

describe('account health rates', () => {
  it('reads each rate of a performanceMetrics record with its period, counts and target', () => {
    const { rows, skipped } = ratesOf({
      marketplaceId: 'A1PA6795UKMFR9',
      orderDefectRate: { mfn: odr(1), afn: odr(0) },
      lateShipmentRate: { reportingDateRange: range, orderCount: 100, lateShipmentCount: 3, status: 'GOOD', rate: 0.03, targetValue: 0.04, targetCondition: 'LESS_THAN' },
      validTrackingRate: { reportingDateRange: range, shipmentCount: 100, validTrackingCount: 96, status: 'GOOD', rate: 0.96, targetValue: 0.95, targetCondition: 'GREATER_THAN' },
      preFulfillmentCancellationRate: { reportingDateRange: range, orderCount: 'many' },
      warningStates: [{ warningType: 'spammingSellerMessaging', status: 'BAD' }],
      accountHealthRating: { ahrStatus: 'WARNED', reportingDateRange: range },
    });
    expect(skipped).toEqual(['preFulfillmentCancellationRate']);
    const by = Object.fromEntries(rows.map((r) => [r.metric, r]));
    expect(by.orderDefectRate).toMatchObject({ count: 1, total: 200, rate: 0.005, detail: { claims: 1, chargebacks: 0, negativeFeedback: 0 } });
    expect(by.orderDefectRate!.periodFrom.toISOString()).toBe('2026-05-12T00:00:00.000Z');
    expect(by.orderDefectRate!.periodTo.toISOString()).toBe('2026-06-10T23:59:00.000Z');
    expect(by.lateShipmentRate).toMatchObject({ count: 3, total: 100, rate: 0.03, targetValue: 0.04, targetCondition: 'LESS_THAN' });
    expect(by.validTrackingRate).toMatchObject({ count: 96, total: 100, rate: 0.96 });
    expect(by.policyWarnings).toMatchObject({ count: 1, total: 1, status: 'BAD', detail: { accountHealthRating: 'WARNED' } });
  });

  it('warns within the margin of a threshold and breaches past it, both ways', () => {
    const odrT = THRESHOLDS.orderDefectRate!;
    expect(warnAt(odrT, 0.25)).toBeCloseTo(0.0075);
    expect([0.005, 0.0075, 0.0099, 0.01].map((r) => levelOf(odrT, r, 0.25))).toEqual(['ok', 'warn', 'warn', 'breach']);
    const vt = THRESHOLDS.validTrackingRate!;
    expect(warnAt(vt, 0.25)).toBeCloseTo(0.9625);
    expect([0.99, 0.9625, 0.95, 0.949].map((r) => levelOf(vt, r, 0.25))).toEqual(['ok', 'warn', 'warn', 'breach']);
    expect(levelOf(THRESHOLDS.lateShipmentRate!, 0.035, 0)).toBe('ok');
  });
});
