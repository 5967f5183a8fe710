/**
 * Checks a tracking number against its carrier's format before it is sent to Amazon (a refused one becomes a
 * TRACKING_INVALID conflict): what Amazon's valid-tracking rate counts is a number the carrier knows.
 */
import { getTracking } from 'ts-tracking-number';
import { GENERIC, TRACKING_FORMATS, type CheckedShape } from './tracking-formats.ts';

export type TrackingCheck = { ok: true; normalized: string } | { ok: false; reason: string };

/** Upper case without the spaces and hyphens people type or print between groups ("1Z 5R8 939..."). */
export const normalizeTracking = (n: string): string => n.replace(/[\s-]+/g, '').toUpperCase();

const regexOf = (shape: CheckedShape): RegExp | undefined => {
  const t = shape.courier.tracking_numbers.find((f) => f.name === shape.format);
  if (!t) return undefined;
  // The library's patterns allow spaces between characters; the number is normalised, so whole-string matching.
  return new RegExp(`^(?:${typeof t.regex === 'string' ? t.regex : t.regex.join('')})$`);
};

const compiled = new Map<CheckedShape, { regex: RegExp; courier: CheckedShape['courier'] }>();
function shapeOf(shape: CheckedShape) {
  let c = compiled.get(shape);
  if (!c) {
    const regex = regexOf(shape);
    if (!regex) throw new Error(`ts-tracking-number has no format ${shape.format}`);
    // A courier reduced to this one format: getTracking then checks exactly it (check digit, country code).
    const formats = shape.courier.tracking_numbers.filter((f) => f.name === shape.format);
    c = { regex, courier: { ...shape.courier, tracking_numbers: shape.checkDigitOnly ? formats.map(({ additional: _, ...f }) => f) : formats } };
    compiled.set(shape, c);
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
  const inShape = shapes.filter((s) => s.regex.test(n));
  if (inShape.length > 0) {
    if (inShape.some((s) => getTracking(n, [s.courier]) !== undefined)) return { ok: true, normalized: n };
    return { ok: false, reason: `${carrierCode} number with a wrong check digit (or unknown country or service code)` };
  }
  if (format.claims?.some((c) => c.test(n))) return { ok: false, reason: `not a valid ${carrierCode} number: its prefix says a format it does not have` };
  if (!envelope.alphabet.test(n) || n.length < envelope.min || n.length > envelope.max) {
    return { ok: false, reason: `a ${carrierCode === 'Other' || !TRACKING_FORMATS[carrierCode] ? 'tracking' : carrierCode} number has ${envelope.says}` };
  }
  return { ok: true, normalized: n };
}
