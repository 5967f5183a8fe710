import { describe, expect, it } from 'vitest';
import type { Order } from '../../amazon/models/orders-v2026.ts';
import { chooseRate } from './choose-rate.ts';
import type { LabelDelivery } from './label-delivery.ts';
import { ineligibleOf, rateOfService } from './mfn-buy.ts';
import { mfnDetailsOf } from './mfn-request.ts';
import type { PackageSpec } from './package-of.ts';
import { transportForMarketplace } from './mfn-transport.ts';

const DE = 'A1PA6795UKMFR9';
const service = (id: string, amount: number, shipDate: string, latest: string) => ({ ShippingServiceName: id, CarrierName: id.split('_')[0]!, ShippingServiceId: id,
  ShippingServiceOfferId: `OFR-${id}`, ShipDate: shipDate, EarliestEstimatedDeliveryDate: latest, LatestEstimatedDeliveryDate: latest,
  Rate: { CurrencyCode: 'EUR', Amount: amount }, RequiresAdditionalSellerInputs: false });
const windows = { marketplaceId: DE, serviceLevel: 'Standard', shipBy: new Date('2026-12-02T23:59:59Z'), deliverBy: new Date('2026-12-05T20:00:00Z') };
const pkg = { no: 1, weightGrams: 900, lengthCm: 30, widthCm: 20, heightCm: 10, units: 2 } as unknown as PackageSpec;
const delivery = { picking: { id: 7, name: 'WH/OUT/00007' }, amazonOrderId: '028-1234567-1234567', windows, value: { amount: 31.5, currency: 'EUR' },
  packages: [pkg] } as unknown as LabelDelivery;
const shipFrom = { name: 'Lager Nord', addressLine1: 'Hafenstrasse 1', city: 'Hamburg', stateOrRegion: 'HH', postalCode: '20457', countryCode: 'DE' };

describe('Merchant Fulfillment v0 in the labels flow', () => {
  it('chooses the transport per marketplace: v0 only where the backend names it', () => {
    expect(transportForMarketplace(DE, [DE])).toBe('merchantFulfillment');
    expect(transportForMarketplace('A13V1IB3VIYZZH', [DE])).toBe('shippingV2');
    expect(transportForMarketplace(DE, [])).toBe('shippingV2');
  });

  it('reads v0 services as rates for the same rule: the ship date against the ship-by, the latest delivery against the deliver-by', () => {
    const rates = [service('DP_WARENPOST', 2.79, '2026-12-03T18:00:00Z', '2026-12-06T20:00:00Z'), service('DPD_CLASSIC', 4.59, '2026-12-02T16:00:00Z', '2026-12-04T20:00:00Z'),
      service('DHL_PAKET', 4.99, '2026-12-02T17:00:00Z', '2026-12-04T20:00:00Z')].map(rateOfService);
    expect(chooseRate(rates, [], windows, { rule: 'cheapest', preferred: [] })).toMatchObject({ ok: true, chargeMinor: 459, rate: { serviceId: 'DPD_CLASSIC', rateId: 'OFR-DPD_CLASSIC' } });
    const rejected = ineligibleOf([{ CarrierName: 'UPS', ShippingServiceName: 'UPS Express', ShippingServiceId: 'UPS_EXPRESS', RejectionReasonCode: 'WEIGHT_RESTRICTIONS', RejectionReasonMessage: 'too heavy' },
      { CarrierName: 'UPS', ShippingServiceName: 'UPS Express', ShippingServiceId: 'UPS_EXPRESS', RejectionReasonCode: 'LATE_DELIVERY' }]);
    expect(rejected).toEqual([{ serviceId: 'UPS_EXPRESS', serviceName: 'UPS Express', carrierName: 'UPS', carrierId: 'UPS',
      ineligibilityReasons: [{ code: 'WEIGHT_RESTRICTIONS', message: 'too heavy' }, { code: 'LATE_DELIVERY', message: 'LATE_DELIVERY' }] }]);
    expect(chooseRate(rates, rejected, windows, { rule: 'preferred', preferred: [{ carrierId: 'UPS', serviceId: 'UPS_EXPRESS' }] })).toMatchObject({ ok: false, code: 'LABEL_SERVICE_INELIGIBLE' });
  });

  it('builds ShipmentRequestDetails from the order items still to ship, and wants the email and phone v0 requires', () => {
    const order = { orderItems: [{ orderItemId: '111', quantityOrdered: 2 }, { orderItemId: '222', quantityOrdered: 1, fulfillment: { quantityFulfilled: 1, quantityUnfulfilled: 0 } }] } as unknown as Order;
    expect(mfnDetailsOf(shipFrom, delivery, pkg, order)).toMatchObject({ ok: false, why: expect.stringContaining('email and a phone') });
    const r = mfnDetailsOf({ ...shipFrom, email: 'lager@example.com', phoneNumber: '+49 40 1' }, delivery, pkg, order);
    expect(r).toMatchObject({ ok: true, details: { AmazonOrderId: '028-1234567-1234567', ItemList: [{ OrderItemId: '111', Quantity: 2 }], Weight: { Value: 900, Unit: 'g' },
      PackageDimensions: { Length: 30, Width: 20, Height: 10, Unit: 'centimeters' }, MustArriveByDate: '2026-12-05T20:00:00.000Z',
      ShipFromAddress: { Email: 'lager@example.com', Phone: '+49 40 1', StateOrProvinceCode: 'HH' },
      ShippingServiceOptions: { DeliveryExperience: 'DeliveryConfirmationWithoutSignature', CarrierWillPickUp: false, DeclaredValue: { CurrencyCode: 'EUR', Amount: 31.5 } } } });
  });
});
