/**
 * Odoo 19's comparisons on datetime fields: the value is parsed as `parse_iso_date` does (a date alone means the
 * whole day; a timezone is refused) and, since answers show datetimes to the second while the database keeps
 * microseconds, each comparison covers whole seconds: `> X` is `>= X + 1 s`, `<= X` is `< X + 1 s`, `= X` is the
 * second X (or the day).
 */
import { valueError } from './errors.ts';
import type { Json } from './types.ts';
import type { Params } from './domain.ts';

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?(Z|[+-]\d\d(?::?\d\d)?)?)?$/;

const fmt = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** The half-open range [from, to) of the second (or the day) a domain value names. */
function valueRange(value: Json): { from: number; to: number } {
  if (typeof value !== 'string') throw valueError(`Failed to cast ${JSON.stringify(value)} into a datetime`);
  const m = ISO.exec(value.trim());
  if (!m) throw valueError(`Invalid isoformat string: '${value}'`);
  const [, y, mo, d, h, mi, s, , tz] = m;
  if (value.length > 10 && tz) throw valueError(`expecting only datetimes with no timezone: '${value}'`);
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  if (h === undefined) return { from: day, to: day + 86_400_000 };
  const from = day + ((Number(h) * 60 + Number(mi)) * 60 + Number(s ?? 0)) * 1000;
  return { from, to: from + 1000 };
}

/** The SQL condition of `col op value` on a datetime column (`false` and lists are left to the generic code). */
export function datetimeCondition(col: string, op: string, value: Json, p: Params): string | null {
  if (value === false || value === null || Array.isArray(value)) return null;
  if (!['=', '!=', '<', '>', '<=', '>='].includes(op)) return null;
  const { from, to } = valueRange(value);
  const a = () => p.add(fmt(from));
  const b = () => p.add(fmt(to));
  switch (op) {
    case '>': return `${col} >= ${b()}::timestamp`;
    case '>=': return `${col} >= ${a()}::timestamp`;
    case '<': return `${col} < ${a()}::timestamp`;
    case '<=': return `${col} < ${b()}::timestamp`;
    case '=': return `(${col} >= ${a()}::timestamp AND ${col} < ${b()}::timestamp)`;
    default: return `(${col} IS NULL OR NOT (${col} >= ${a()}::timestamp AND ${col} < ${b()}::timestamp))`;
  }
}
