/**
 * The backend's rate rule (pure): of Amazon's rates for a package, those whose pickup ends by the order's ship-by
 * (Amazon counts a shipment late after it) and whose delivery ends by its deliver-by; then either the cheapest of
 * them, or (rule `preferred`) the first preferred carrier and service matching the order's marketplace and service
 * level. A preferred service Amazon lists as ineligible, or that misses the windows, is a refusal with its reasons,
 * not a silent fallback: the seller chose it for a reason. Charges compared in minor units.
 */
import type { IneligibleRate, Rate } from '../../amazon/shipping-api.ts';
import type { LabelsSettings, PreferredService } from './labels.settings.ts';

export interface OrderWindows {
  marketplaceId: string;
  serviceLevel: string | null;
  shipBy: Date | null;
  deliverBy: Date | null;
}

export type RateChoice =
  | { ok: true; rate: Rate; chargeMinor: number }
  | { ok: false; code: 'LABEL_NO_RATE' | 'LABEL_SERVICE_INELIGIBLE'; message: string; detail: Record<string, unknown> };

/** Exact minor units of a model `Currency.value` (a decimal number in major units, at most 3 decimals). */
export function minorUnits(value: number): number {
  const [whole, frac = ''] = value.toFixed(3).split('.');
  const sign = whole!.startsWith('-') ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.slice(0, 2)));
}

const end = (w: { end?: string } | undefined) => (w?.end ? new Date(w.end) : null);

/** Why a rate misses the order's windows (null: it meets them). */
export function missesWindows(r: Rate, o: OrderWindows): string | null {
  const pickup = end(r.promise.pickupWindow);
  const delivery = end(r.promise.deliveryWindow);
  if (o.shipBy && pickup && pickup > o.shipBy) return `picked up by ${pickup.toISOString()}, after the ship-by ${o.shipBy.toISOString()}`;
  if (o.deliverBy && delivery && delivery > o.deliverBy) return `delivered by ${delivery.toISOString()}, after the deliver-by ${o.deliverBy.toISOString()}`;
  return null;
}

const matches = (p: PreferredService, o: OrderWindows) =>
  (!p.marketplaceId || p.marketplaceId === o.marketplaceId) && (!p.serviceLevel || p.serviceLevel.toLowerCase() === (o.serviceLevel ?? '').toLowerCase());

export function chooseRate(rates: readonly Rate[], ineligible: readonly IneligibleRate[], o: OrderWindows, s: Pick<LabelsSettings, 'rule' | 'preferred'>): RateChoice {
  const preferred = s.rule === 'preferred' ? s.preferred.find((p) => matches(p, o)) : undefined;
  if (preferred) {
    const refused = ineligible.find((r) => r.carrierId === preferred.carrierId && r.serviceId === preferred.serviceId);
    const rate = rates.find((r) => r.carrierId === preferred.carrierId && r.serviceId === preferred.serviceId);
    const late = rate ? missesWindows(rate, o) : null;
    if (rate && !late) return { ok: true, rate, chargeMinor: minorUnits(rate.totalCharge.value) };
    const reasons = refused?.ineligibilityReasons ?? (late ? [{ code: 'LATE', message: late }] : [{ code: 'NOT_OFFERED', message: 'Amazon did not offer it' }]);
    return { ok: false, code: 'LABEL_SERVICE_INELIGIBLE', message: `the preferred service ${preferred.carrierId}/${preferred.serviceId} is ineligible: ${reasons.map((r) => `${r.code} (${r.message})`).join('; ')}`,
      detail: { carrierId: preferred.carrierId, serviceId: preferred.serviceId, reasons } };
  }
  const fitting = rates.filter((r) => !missesWindows(r, o) && !r.requiresAdditionalInputs);
  if (!fitting.length) {
    return { ok: false, code: 'LABEL_NO_RATE', message: `none of Amazon's ${rates.length} rate(s) meets the order's ship-by and deliver-by windows`,
      detail: { rates: rates.map((r) => ({ carrierId: r.carrierId, serviceId: r.serviceId, misses: missesWindows(r, o) })), ineligible: ineligible.map((r) => ({ serviceId: r.serviceId, reasons: r.ineligibilityReasons.map((x) => x.code) })) } };
  }
  // Cheapest; equal prices: the earlier delivery, then the service id (every worker chooses the same).
  const sorted = fitting.map((rate) => ({ rate, chargeMinor: minorUnits(rate.totalCharge.value) })).sort((a, b) =>
    a.chargeMinor - b.chargeMinor || String(a.rate.promise.deliveryWindow?.end ?? '').localeCompare(String(b.rate.promise.deliveryWindow?.end ?? '')) || a.rate.serviceId.localeCompare(b.rate.serviceId));
  return { ok: true, ...sorted[0]! };
}
