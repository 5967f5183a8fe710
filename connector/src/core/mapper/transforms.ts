/** The transforms a mapping row may chain; each takes the value the previous one produced. */
import type { MappingTransform } from './mapping-rule.ts';

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** Applies one transform; string operations leave non-strings untouched (a number stays a number). */
export function applyTransform(value: unknown, transform: MappingTransform): unknown {
  if (transform.startsWith('default:')) return isEmpty(value) ? transform.slice('default:'.length) : value;
  if (typeof value !== 'string') return value;
  if (transform === 'trim') return value.trim();
  if (transform === 'upper') return value.toUpperCase();
  if (transform === 'lower') return value.toLowerCase();
  if (transform.startsWith('truncate:')) {
    // By code points, so a multi-byte character (a Japanese name, an emoji) is never cut in half.
    const n = Number(transform.slice('truncate:'.length));
    const chars = Array.from(value);
    return chars.length > n ? chars.slice(0, n).join('') : value;
  }
  return value;
}

/** Applies the transforms in order. */
export function applyTransforms(value: unknown, transforms: readonly MappingTransform[]): unknown {
  let v = value;
  for (const t of transforms) v = applyTransform(v, t);
  return v;
}

/** Whether a transform string is one the engine knows (for validation of rows typed by people). */
export function isKnownTransform(t: string): t is MappingTransform {
  return t === 'trim' || t === 'upper' || t === 'lower' || /^truncate:[1-9]\d*$/.test(t) || t.startsWith('default:');
}
