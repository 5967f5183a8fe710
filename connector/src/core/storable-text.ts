/**
 * Text PostgreSQL cannot hold, kept anyway. A JSON string may carry U+0000 and lone UTF-16 surrogates (Amazon's
 * answers are JSON: `"\u0000"`, `"\ud800"` parse to such strings), but jsonb refuses both (22P05, 22P02) and a text
 * column refuses NUL; one such character would fail the statement that stores a whole page. So what is stored is
 * escaped, reversibly and only where needed: each NUL, each lone surrogate and each U+FDD0 (the marker itself)
 * becomes U+FDD0 followed by the code unit in four upper-case hex digits ("a\u0000b" -> "a\uFDD00000b"). U+FDD0 is
 * a Unicode noncharacter, reserved by the standard for a program's internal use, so no real text is changed but
 * itself; every other string is stored as it came. `unescapeStored` restores exactly what was sent.
 */

/** The escape marker: a noncharacter (never meant for interchange, yet valid UTF-8 that PostgreSQL stores). */
const MARKER = '\uFDD0';

/** A NUL, the marker, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
// eslint-disable-next-line no-control-regex -- NUL is exactly what these patterns are for
const UNSTORABLE = /\u0000|\uFDD0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** What a person may not be shown or an ERP be sent: NUL and lone surrogates (the marker is ordinary text there). */
// eslint-disable-next-line no-control-regex -- NUL is exactly what these patterns are for
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'g');
const ESCAPED = /\uFDD0([0-9A-F]{4})/g;

const hex4 = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');

/** One string as stored. */
export const escapeText = (s: string): string => s.replace(UNSTORABLE, (c) => MARKER + hex4(c));

/** One stored string as it was sent. */
export const unescapeText = (s: string): string => (s.includes(MARKER) ? s.replace(ESCAPED, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : s);

/** True when `s` holds a NUL or a lone surrogate. */
export const hasUnsafeText = (s: string): boolean => UNSAFE.test(s);

/** `s` with each NUL and lone surrogate replaced by U+FFFD, the replacement character (for people and the ERP). */
export const replaceUnsafeText = (s: string): string => s.replace(UNSAFE_ALL, '\uFFFD');

function mapStrings(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, f));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [f(k), mapStrings(v, f)]));
  }
  return value;
}

/** A JSON value as stored: every string and key escaped (`escapeText`). */
export const escapeStored = <T>(value: T): T => mapStrings(value, escapeText) as T;

/** A stored JSON value as it was sent (`unescapeText` on every string and key). */
export const unescapeStored = <T>(value: T): T => mapStrings(value, unescapeText) as T;

/** A JSON value with every NUL and lone surrogate replaced by U+FFFD (`replaceUnsafeText`). */
export const replaceUnsafeDeep = <T>(value: T): T => mapStrings(value, replaceUnsafeText) as T;

/** The paths (`a.b[0].c`) of the strings of `value` that hold a NUL or a lone surrogate; a key counts as its value's. */
export function unsafeTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return hasUnsafeText(value) ? [path] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unsafeTextPaths(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const p = path ? `${path}.${replaceUnsafeText(k)}` : replaceUnsafeText(k);
      return hasUnsafeText(k) ? [p] : unsafeTextPaths(v, p);
    });
  }
  return [];
}
