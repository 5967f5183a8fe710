/**
 * The Buy Shipping services the sandbox offers per destination (Shipping API v2 `Rate`): carrier, service, price
 * in minor units (base + per started kilogram above the included weight), transit days, weight and size limits.
 * Prices and transit times follow the carriers' published 2026 list prices for a small seller (rounded): close
 * enough for a rule to choose between them, not a tariff.
 */

export interface ShippingService {
  carrierId: string;
  carrierName: string;
  serviceId: string;
  serviceName: string;
  /** Price for a package up to `includedKg`, minor units of `currency`. */
  baseMinor: number;
  includedKg: number;
  /** Added per started kilogram above `includedKg`. */
  perKgMinor: number;
  maxKg: number;
  /** Longest side, cm. */
  maxSideCm: number;
  transitDays: number;
  /** Latest local hour (UTC in the sandbox) a package handed over that day is picked up the same day. */
  cutoffHour: number;
}

const EU: ShippingService[] = [
  { carrierId: 'DHL', carrierName: 'DHL', serviceId: 'DHL_PAKET', serviceName: 'DHL Paket', baseMinor: 499, includedKg: 2, perKgMinor: 35, maxKg: 31.5, maxSideCm: 120, transitDays: 2, cutoffHour: 15 },
  { carrierId: 'DPD', carrierName: 'DPD', serviceId: 'DPD_CLASSIC', serviceName: 'DPD Classic', baseMinor: 459, includedKg: 3, perKgMinor: 40, maxKg: 31.5, maxSideCm: 175, transitDays: 2, cutoffHour: 14 },
  { carrierId: 'HERMES', carrierName: 'Hermes', serviceId: 'HERMES_PAECKCHEN', serviceName: 'Hermes Päckchen', baseMinor: 389, includedKg: 1, perKgMinor: 60, maxKg: 5, maxSideCm: 60, transitDays: 4, cutoffHour: 13 },
  { carrierId: 'DEUTSCHE_POST', carrierName: 'Deutsche Post', serviceId: 'DP_WARENPOST', serviceName: 'Warenpost', baseMinor: 279, includedKg: 1, perKgMinor: 0, maxKg: 1, maxSideCm: 35, transitDays: 3, cutoffHour: 16 },
  { carrierId: 'UPS', carrierName: 'UPS', serviceId: 'UPS_EXPRESS_SAVER', serviceName: 'UPS Express Saver', baseMinor: 1290, includedKg: 1, perKgMinor: 95, maxKg: 70, maxSideCm: 274, transitDays: 1, cutoffHour: 17 },
];

const GB: ShippingService[] = [
  { carrierId: 'ROYAL_MAIL', carrierName: 'Royal Mail', serviceId: 'RM_TRACKED_48', serviceName: 'Royal Mail Tracked 48', baseMinor: 345, includedKg: 2, perKgMinor: 0, maxKg: 20, maxSideCm: 61, transitDays: 3, cutoffHour: 16 },
  { carrierId: 'ROYAL_MAIL', carrierName: 'Royal Mail', serviceId: 'RM_TRACKED_24', serviceName: 'Royal Mail Tracked 24', baseMinor: 455, includedKg: 2, perKgMinor: 0, maxKg: 20, maxSideCm: 61, transitDays: 1, cutoffHour: 16 },
  { carrierId: 'EVRI', carrierName: 'Evri', serviceId: 'EVRI_STANDARD', serviceName: 'Evri Standard', baseMinor: 299, includedKg: 1, perKgMinor: 50, maxKg: 15, maxSideCm: 120, transitDays: 4, cutoffHour: 14 },
];

const US: ShippingService[] = [
  { carrierId: 'USPS', carrierName: 'USPS', serviceId: 'USPS_GROUND_ADVANTAGE', serviceName: 'USPS Ground Advantage', baseMinor: 540, includedKg: 0.5, perKgMinor: 210, maxKg: 31.7, maxSideCm: 76, transitDays: 4, cutoffHour: 15 },
  { carrierId: 'UPS', carrierName: 'UPS', serviceId: 'UPS_GROUND', serviceName: 'UPS Ground', baseMinor: 920, includedKg: 1, perKgMinor: 120, maxKg: 68, maxSideCm: 274, transitDays: 3, cutoffHour: 17 },
  { carrierId: 'UPS', carrierName: 'UPS', serviceId: 'UPS_2ND_DAY_AIR', serviceName: 'UPS 2nd Day Air', baseMinor: 1850, includedKg: 1, perKgMinor: 260, maxKg: 68, maxSideCm: 274, transitDays: 2, cutoffHour: 17 },
  { carrierId: 'FEDEX', carrierName: 'FedEx', serviceId: 'FEDEX_PRIORITY_OVERNIGHT', serviceName: 'FedEx Priority Overnight', baseMinor: 3400, includedKg: 1, perKgMinor: 420, maxKg: 68, maxSideCm: 274, transitDays: 1, cutoffHour: 16 },
];

const EU_COUNTRIES = new Set(['DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'AT', 'PL', 'SE', 'IE', 'LU', 'DK', 'CZ', 'PT']);

/** The services that serve a destination country (none: the sandbox's Buy Shipping does not cover it). */
export function servicesTo(countryCode: string): { services: ShippingService[]; currency: string } {
  if (countryCode === 'GB') return { services: GB, currency: 'GBP' };
  if (countryCode === 'US') return { services: US, currency: 'USD' };
  if (EU_COUNTRIES.has(countryCode)) return { services: EU, currency: countryCode === 'PL' ? 'PLN' : countryCode === 'SE' ? 'SEK' : 'EUR' };
  return { services: [], currency: 'EUR' };
}

/** A postal code the carriers accept for the country (what Amazon's address check refuses otherwise). */
export function postalCodeFits(countryCode: string, postalCode: string): boolean {
  const p = postalCode.trim();
  switch (countryCode) {
    case 'DE': case 'FR': case 'IT': case 'ES': return /^\d{5}$/.test(p);
    case 'US': return /^\d{5}(-\d{4})?$/.test(p);
    case 'GB': return /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/i.test(p);
    case 'NL': return /^\d{4} ?[A-Z]{2}$/i.test(p);
    default: return p.length >= 3 && p.length <= 10;
  }
}

/** The price of a package of `kg` in minor units (every started kilogram above the included weight). */
export function priceMinor(s: ShippingService, kg: number): number {
  const extra = Math.max(0, Math.ceil(kg - s.includedKg - 1e-9));
  return s.baseMinor + extra * s.perKgMinor;
}
