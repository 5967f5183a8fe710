/**
 * The offers of one getRates: every service to the order's destination priced for the packages, with its promise
 * (pickup today before the service's cut-off hour, else the next day; delivery `transitDays` later, 08:00-20:00
 * UTC). A service the packages exceed, or whose delivery misses the order's deliver-by window, is answered as an
 * `IneligibleRate` with the model's reason codes (WEIGHT_RESTRICTIONS, SIZE_RESTRICTIONS, LATE_DELIVERY).
 */
import { postalCodeFits, priceMinor, servicesTo, type ShippingService } from './services.ts';
import type { RatePackage } from './rate-request.ts';
import type { RateOffer } from './shipping-store.ts';

type Obj = Record<string, unknown>;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Ineligible {
  service: ShippingService;
  reasons: { code: string; message: string }[];
}

/** The order's destination (its recipient's address), as far as the carriers need it. */
export function destinationOf(order: Obj): { countryCode: string; postalCode: string } | null {
  const r = order.recipient as Obj | undefined;
  const a = (r?.deliveryAddress ?? null) as Obj | null;
  if (!a || typeof a.countryCode !== 'string') return null;
  return { countryCode: a.countryCode, postalCode: typeof a.postalCode === 'string' ? a.postalCode : '' };
}

const dayStart = (ms: number) => Math.floor(ms / DAY) * DAY;

/** Offers and refusals for `packages` to `dest` from `fromMs`, against the order's deliver-by window. */
export function rateOffers(packages: RatePackage[], dest: { countryCode: string; postalCode: string }, fromMs: number, deliverByMs: number | null,
  newId: () => string): { offers: RateOffer[]; ineligible: Ineligible[]; covered: boolean; addressOk: boolean } {
  const { services, currency } = servicesTo(dest.countryCode);
  if (!postalCodeFits(dest.countryCode, dest.postalCode)) return { offers: [], ineligible: [], covered: services.length > 0, addressOk: false };
  const offers: RateOffer[] = [];
  const ineligible: Ineligible[] = [];
  for (const s of services) {
    const reasons: Ineligible['reasons'] = [];
    if (packages.some((p) => p.kg > s.maxKg)) reasons.push({ code: 'WEIGHT_RESTRICTIONS', message: `${s.serviceName} takes packages up to ${s.maxKg} kg.` });
    if (packages.some((p) => p.longestCm > s.maxSideCm)) reasons.push({ code: 'SIZE_RESTRICTIONS', message: `${s.serviceName} takes packages up to ${s.maxSideCm} cm on the longest side.` });
    const today = dayStart(fromMs);
    const sameDay = fromMs < today + s.cutoffHour * HOUR;
    const pickupDay = sameDay ? today : today + DAY;
    const pickup = { start: Math.max(fromMs, pickupDay + (s.cutoffHour - 2) * HOUR), end: pickupDay + (s.cutoffHour + 2) * HOUR };
    const deliveryDay = pickupDay + s.transitDays * DAY;
    const delivery = { start: deliveryDay + 8 * HOUR, end: deliveryDay + 20 * HOUR };
    if (deliverByMs !== null && delivery.end > deliverByMs) {
      reasons.push({ code: 'LATE_DELIVERY', message: `${s.serviceName} cannot deliver before the order's latest delivery date.` });
    }
    if (reasons.length) {
      ineligible.push({ service: s, reasons });
      continue;
    }
    const chargeMinor = packages.reduce((n, p) => n + priceMinor(s, p.kg), 0);
    offers.push({ rateId: newId(), service: s, chargeMinor, currency, pickup, delivery });
  }
  return { offers, ineligible, covered: services.length > 0, addressOk: true };
}
