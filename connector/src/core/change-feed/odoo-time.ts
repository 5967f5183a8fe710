/**
 * Odoo's datetimes: UTC without zone, to the second in API answers (`2026-12-01 10:53:12`), microseconds in webhook
 * bodies. Odoo 19 refuses a domain value with `Z` or `+00:00` (500 ValueError), so cursors go out in this format.
 */

/** `d` as Odoo accepts it in a domain: `YYYY-MM-DD HH:MM:SS` (UTC, truncated to the second). */
export function toOdooDatetime(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** An Odoo datetime (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) as a Date; null when it is not one. */
export function parseOdooDatetime(s: unknown): Date | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?$/.exec(s);
  if (!m) return null;
  const d = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** An Odoo datetime truncated to the second (the form answers and cursors compare in). */
export function odooSecond(s: unknown): string | null {
  const d = parseOdooDatetime(s);
  return d ? toOdooDatetime(d) : null;
}

/** `s` (an Odoo second) moved by `seconds`. */
export function shiftSecond(s: string, seconds: number): string {
  return toOdooDatetime(new Date(parseOdooDatetime(s)!.getTime() + seconds * 1000));
}
