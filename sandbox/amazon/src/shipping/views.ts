/** Shipping v2 answers in the model's shapes (`Rate`, `IneligibleRate`, `Promise`, `PackageDocumentDetail`). */
import type { Ineligible } from './rate-offers.ts';
import type { RateOffer } from './shipping-store.ts';

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** Money as the model has it (a decimal number in major units), from exact minor units. */
export const currency = (minor: number, unit: string) => ({ value: Number((minor / 100).toFixed(2)), unit });

/** The label sizes and formats every sandbox service prints (4x6 inch, PDF and ZPL). */
export const SUPPORTED_SPECS = (['PDF', 'ZPL'] as const).map((format) => ({
  format,
  size: { width: 4, length: 6, unit: 'INCH' },
  printOptions: [{ supportedDPIs: [203, 300], supportedPageLayouts: ['DEFAULT'], supportedFileJoiningOptions: [false],
    supportedDocumentDetails: [{ name: 'LABEL', isMandatory: true }] }],
}));

export const promiseView = (o: RateOffer) => ({
  deliveryWindow: { start: iso(o.delivery.start), end: iso(o.delivery.end) },
  pickupWindow: { start: iso(o.pickup.start), end: iso(o.pickup.end) },
});

export function rateView(o: RateOffer, kg: number) {
  return {
    rateId: o.rateId,
    carrierId: o.service.carrierId,
    carrierName: o.service.carrierName,
    serviceId: o.service.serviceId,
    serviceName: o.service.serviceName,
    billedWeight: { unit: 'KILOGRAM', value: Math.ceil(kg * 10) / 10 },
    totalCharge: currency(o.chargeMinor, o.currency),
    promise: promiseView(o),
    supportedDocumentSpecifications: SUPPORTED_SPECS,
    requiresAdditionalInputs: false,
  };
}

export const ineligibleView = (i: Ineligible) => ({
  serviceId: i.service.serviceId,
  serviceName: i.service.serviceName,
  carrierName: i.service.carrierName,
  carrierId: i.service.carrierId,
  ineligibilityReasons: i.reasons,
});
