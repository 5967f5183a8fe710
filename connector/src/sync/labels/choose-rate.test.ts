import { describe, expect, it } from 'vitest';
import type { Rate } from '../../amazon/shipping-api.ts';
import { chooseRate, minorUnits } from './choose-rate.ts';
import { packageOf } from './package-of.ts';

const rate = (serviceId: string, value: number, pickupEnd: string, deliveryEnd: string): Rate => ({
  rateId: `R-${serviceId}`, carrierId: serviceId.split('_')[0]!, carrierName: serviceId, serviceId, serviceName: serviceId,
  totalCharge: { value, unit: 'EUR' }, promise: { pickupWindow: { start: pickupEnd, end: pickupEnd }, deliveryWindow: { start: deliveryEnd, end: deliveryEnd } },
  supportedDocumentSpecifications: [], requiresAdditionalInputs: false,
});
const order = { marketplaceId: 'A1PA6795UKMFR9', serviceLevel: 'Standard', shipBy: new Date('2026-12-02T23:59:59Z'), deliverBy: new Date('2026-12-05T20:00:00Z') };
const rates = [
  rate('DP_WARENPOST', 2.79, '2026-12-03T18:00:00Z', '2026-12-06T20:00:00Z'), // picked up after the ship-by
  rate('DHL_PAKET', 4.99, '2026-12-02T17:00:00Z', '2026-12-04T20:00:00Z'),
  rate('DPD_CLASSIC', 4.59, '2026-12-02T16:00:00Z', '2026-12-04T20:00:00Z'),
  rate('UPS_EXPRESS', 12.9, '2026-12-02T19:00:00Z', '2026-12-03T20:00:00Z'),
];

describe('the rate rule', () => {
  it('takes the cheapest rate whose pickup meets the ship-by and delivery the deliver-by', () => {
    const c = chooseRate(rates, [], order, { rule: 'cheapest', preferred: [] });
    expect(c).toMatchObject({ ok: true, chargeMinor: 459, rate: { serviceId: 'DPD_CLASSIC' } });
  });

  it('refuses when no rate meets the windows', () => {
    const c = chooseRate(rates, [], { ...order, shipBy: new Date('2026-12-02T12:00:00Z') }, { rule: 'cheapest', preferred: [] });
    expect(c).toMatchObject({ ok: false, code: 'LABEL_NO_RATE' });
  });

  it('takes the preferred service of the marketplace and service level, and refuses it when ineligible', () => {
    const preferred = [{ marketplaceId: 'A1F83G8C2ARO7P', carrierId: 'UPS', serviceId: 'UPS_EXPRESS' }, { serviceLevel: 'standard', carrierId: 'DHL', serviceId: 'DHL_PAKET' }];
    expect(chooseRate(rates, [], order, { rule: 'preferred', preferred })).toMatchObject({ ok: true, rate: { serviceId: 'DHL_PAKET' }, chargeMinor: 499 });
    const ineligible = [{ carrierId: 'DHL', serviceId: 'DHL_PAKET', carrierName: 'DHL', serviceName: 'DHL Paket', ineligibilityReasons: [{ code: 'WEIGHT_RESTRICTIONS', message: 'too heavy' }] }];
    const c = chooseRate(rates.filter((r) => r.serviceId !== 'DHL_PAKET'), ineligible, order, { rule: 'preferred', preferred });
    expect(c).toMatchObject({ ok: false, code: 'LABEL_SERVICE_INELIGIBLE', detail: { reasons: [{ code: 'WEIGHT_RESTRICTIONS' }] } });
  });

  it('reads money into exact minor units', () => {
    expect([minorUnits(4.59), minorUnits(0.1 + 0.2), minorUnits(12), minorUnits(1234.5)]).toEqual([459, 30, 1200, 123450]);
  });
});

describe('the package of a delivery', () => {
  const settings = { defaultWeightGrams: 500, packagingGrams: 100, defaultDimensionsCm: { length: 30, width: 20, height: 10 } };
  it('weighs the products as the ERP has them, a product without weight at the default, plus the packaging', () => {
    const products = new Map([[1, { weightKg: 1.25, volumeM3: 0 }], [2, { weightKg: 0, volumeM3: 0 }]]);
    expect(packageOf({ lines: [{ productId: 1, units: 2 }, { productId: 2, units: 1 }] }, products, settings))
      .toEqual({ no: 1, weightGrams: 100 + 2500 + 500, lengthCm: 30, widthCm: 20, heightCm: 10, units: 3, erpPackage: null });
  });
  it('sizes the box from the products\' volume', () => {
    const p = packageOf({ lines: [{ productId: 1, units: 4 }] }, new Map([[1, { weightKg: 0.2, volumeM3: 0.002 }]]), settings);
    // 8,000 cm3 of goods + 15 %: a 30:20:10 box of ~9,200 cm3.
    expect(p.lengthCm * p.widthCm * p.heightCm).toBeGreaterThanOrEqual(9_200);
    expect(p.lengthCm * p.widthCm * p.heightCm).toBeLessThan(12_000);
  });
});
