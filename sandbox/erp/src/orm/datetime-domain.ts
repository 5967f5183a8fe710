/**
 * Odoo 19's datetime values in domains. The database keeps microseconds (`write_date` of a record written at
 * 10:53:13.412978) while answers show seconds, so Odoo reads a value to the second as the whole second:
 * `> '…13'` is `>= '…14'`, `<= '…13'` is `< '…14'`, `= '…13'` is the second 13, and a date-only value is the whole
 * day (`> '2026-12-01'` finds nothing of that day). A value with a timezone is Odoo's ValueError.
 */
import { valueError } from './errors.ts';

/** One comparison over the column as SQL, or null when the value is not a datetime text (the caller compares as usual). */
export function datetimeComparison(col: string, op: string, value: unknown, add: (v: unknown) => string): string | null {
  if (typeof value !== 'string' || !['=', '!=', '<', '>', '<=', '>='].includes(op)) return null;
  const dateOnly = value.length <= 10;
  const m = dateOnly ? /^(\d{4}-\d\d-\d\d)$/.exec(value)
    : /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?)(\.\d{1,6})?(Z|[+-]\d\d:?\d\d)?$/.exec(value);
  if (!m) return null;
  if (m[4]) throw valueError(`expecting only datetimes with no timezone: '${value}'`);
  const start = dateOnly ? `${m[1]} 00:00:00` : `${m[1]} ${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}${m[3] ?? ''}`;
  const exact = !dateOnly && m[3] !== undefined && !/^\.0*$/.test(m[3]);
  if (exact) return op === '!=' ? `(${col} IS NULL OR ${col} <> ${add(start)}::timestamp)` : `${col} ${op} ${add(start)}::timestamp`;
  // the value stands for a whole second (or day): [start, next)
  const from = `${add(start)}::timestamp`;
  const next = `(${from} + interval '${dateOnly ? '1 day' : '1 second'}')`;
  switch (op) {
    case '>': return `${col} >= ${next}`;
    case '>=': return `${col} >= ${from}`;
    case '<': return `${col} < ${from}`;
    case '<=': return `${col} < ${next}`;
    case '=': return `(${col} >= ${from} AND ${col} < ${next})`;
    default: return `(${col} IS NULL OR ${col} < ${from} OR ${col} >= ${next})`;
  }
}
