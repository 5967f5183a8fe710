/** Conversions between the API's JSON values and database values, field type by field type (Odoo's rules). */
import { valueError } from './errors.ts';
import type { FieldDef, Json } from './types.ts';

/**
 * Odoo 19's decimal.precision records as a new database has them (product and uom modules): a float field with
 * `digits` names one, and its values are rounded to it whenever they are written.
 */
export const DECIMAL_PRECISION: Record<string, number> = {
  'Product Price': 2, 'Product Unit': 2, Discount: 2, 'Stock Weight': 2, Volume: 2, 'Payment Terms': 6,
};

/** `fields_get`'s `digits` of a field: [precision, scale] as Odoo answers it. */
export function fieldDigits(f: FieldDef): [number, number] | undefined {
  return f.digits ? [16, DECIMAL_PRECISION[f.digits] ?? 2] : undefined;
}

/**
 * Odoo's `float_round` (HALF-UP): the value is scaled, nudged by one unit in the last place of its magnitude so a
 * binary 2.675 rounds as the decimal 2.675 does, rounded, and scaled back (2.675 -> 2.68, -1.005 -> -1.01).
 */
export function floatRound(value: number, digits: number): number {
  const normalized = value / 10 ** -digits;
  if (normalized === 0 || !Number.isFinite(normalized)) return value;
  const epsilon = 2 ** (Math.log2(Math.abs(normalized)) - 52);
  const rounded = Math.sign(normalized) * Math.round(Math.abs(normalized) + epsilon);
  // Odoo stores such floats in numeric columns: reading back gives the decimal itself, not rounded * 0.01
  return rounded / 10 ** digits;
}

/** The SQL column type that stores a field (undefined: not stored). */
export function sqlType(f: FieldDef): string | undefined {
  if (f.compute || f.type === 'one2many') return undefined;
  switch (f.type) {
    case 'char': case 'text': case 'html': case 'selection': case 'binary': return 'text';
    case 'integer': case 'many2one': return 'integer';
    case 'float': return 'double precision';
    case 'monetary': return 'numeric';
    case 'boolean': return 'boolean';
    case 'date': return 'date';
    case 'datetime': return 'timestamp';
    case 'many2many': return 'integer[]';
    case 'json': return 'jsonb';
  }
  return undefined;
}

/** API value -> database value (many2many values must already be id lists). */
export function toDb(model: string, name: string, f: FieldDef, v: Json): unknown {
  if (v === false || v === null || v === undefined) {
    if (f.type === 'boolean') return false;
    if (f.type === 'many2many') return [];
    return null;
  }
  switch (f.type) {
    case 'char': case 'text':
      return typeof v === 'string' ? v : String(v);
    case 'html':
      return sanitizeHtml(typeof v === 'string' ? v : String(v));
    case 'selection':
      if (f.selection && !f.selection.some(([k]) => k === v)) throw valueError(`Wrong value for ${model}.${name}: ${JSON.stringify(v)}`);
      return v;
    case 'integer': case 'many2one':
      if (typeof v !== 'number' || !Number.isInteger(v)) throw valueError(`Invalid value ${JSON.stringify(v)} for ${model}.${name}`);
      return v;
    case 'float': case 'monetary':
      if (typeof v !== 'number' && !(typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v))) {
        throw valueError(`could not convert string to float: ${JSON.stringify(v)}`);
      }
      if (f.type === 'monetary') return String(v);
      // a float with a precision is stored rounded to it, as Odoo's Float.convert_to_cache does
      return f.digits ? floatRound(Number(v), DECIMAL_PRECISION[f.digits] ?? 2) : Number(v);
    case 'boolean':
      return Boolean(v);
    case 'date': case 'datetime':
      if (typeof v !== 'string') throw valueError(`Invalid value ${JSON.stringify(v)} for ${model}.${name}`);
      return v;
    case 'many2many':
      return v;
    case 'json':
      return JSON.stringify(v);
  }
  return v;
}

/** Database value -> API value, as Odoo's `read` answers it (empty values are `false`, numbers stay numbers). */
export function fromDb(f: FieldDef, v: unknown): Json {
  switch (f.type) {
    case 'integer': return v == null ? 0 : Number(v);
    case 'float': case 'monetary': return v == null ? 0 : Number(v);
    case 'boolean': return v === true;
    case 'many2many': return Array.isArray(v) ? (v as number[]) : [];
    // stored with microseconds (write_date), answered to the second as Odoo's Datetime.to_string does
    case 'datetime': return v == null ? false : String(v).slice(0, 19);
    case 'date': return v == null ? false : String(v);
    default: return v == null ? false : (v as Json);
  }
}

/** Odoo's html sanitizer wraps plain text in a `<div>` (a tax description "19%" reads back "<div>19%</div>"). */
export function sanitizeHtml(v: string): string {
  if (v === '' || v.trimStart().startsWith('<')) return v;
  return `<div>${v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</div>`;
}
