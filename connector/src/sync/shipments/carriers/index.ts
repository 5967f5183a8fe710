/**
 * PLACEHOLDER, replaced by the carriers helper's module (branch h/carriers): the interface the shipments flow is
 * written against. `carrierFor` maps an ERP carrier name to Amazon's carrier code; `validateTracking` checks a
 * tracking number against the carrier's format.
 */
export interface AmazonCarrier {
  carrierCode: string;
  carrierName: string;
  shippingMethod?: string;
}

export type CarrierOverrides = ReadonlyMap<string, AmazonCarrier>;

export type TrackingVerdict = { ok: true } | { ok: false; reason: string };

/** The Amazon carrier of an ERP carrier name: an override, else "Other" with the name. */
export function carrierFor(erpCarrierName: string | null, overrides: CarrierOverrides = new Map()): AmazonCarrier {
  const name = (erpCarrierName ?? '').trim();
  return overrides.get(name.toLowerCase()) ?? { carrierCode: 'Other', carrierName: name || 'Other' };
}

/** Whether a tracking number may be sent: not empty, letters and digits only, 6 to 40 characters. */
export function validateTracking(_carrierCode: string, trackingNumber: string): TrackingVerdict {
  const t = trackingNumber.trim();
  if (!t) return { ok: false, reason: 'no tracking number' };
  if (!/^[A-Za-z0-9]{6,40}$/.test(t)) return { ok: false, reason: 'not 6 to 40 letters and digits' };
  return { ok: true };
}
