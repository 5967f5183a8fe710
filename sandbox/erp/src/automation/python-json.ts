/**
 * Python's `json.dumps` byte for byte (what Odoo's webhooks send): `", "` and `": "` separators (or `","` and
 * newlines with `indent`), `sort_keys`, `ensure_ascii` escapes (`\u00e9`, surrogate pairs for astral characters),
 * and floats as Python's `repr` prints them (`3.0`, `4.9`, `1e+16`, `1.5e-05`), which JSON.stringify does not.
 */

/** A Python float: printed with `repr` (always a dot or an exponent), unlike an int. */
export class PyFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
}

export type PyValue = null | boolean | number | string | PyFloat | PyValue[] | { [k: string]: PyValue };

/** Python's `repr(float)`: the shortest round-trip digits, fixed notation for exponents -4..15, else `1e+16`. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let out: string;
  if (exp >= -4 && exp < 16) {
    if (exp < 0) out = `0.${'0'.repeat(-exp - 1)}${digits}`;
    else if (digits.length <= exp + 1) out = `${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    else out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return neg ? `-${out}` : out;
}

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string as `json.dumps(..., ensure_ascii=True)` quotes it (lowercase hex, UTF-16 units as Python does). */
export function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (SHORT[ch]) out += SHORT[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** `json.dumps(value, sort_keys=sortKeys, indent=indent)`. */
export function pyDumps(value: PyValue, opts: { sortKeys?: boolean; indent?: number } = {}): string {
  const nl = (depth: number) => (opts.indent === undefined ? '' : `\n${' '.repeat(opts.indent * depth)}`);
  const itemSep = opts.indent === undefined ? ', ' : ',';
  const enc = (v: PyValue, depth: number): string => {
    if (v === null) return 'null';
    if (v === true) return 'true';
    if (v === false) return 'false';
    if (v instanceof PyFloat) return floatRepr(v.value);
    if (typeof v === 'number') return Number.isInteger(v) ? String(v) : floatRepr(v);
    if (typeof v === 'string') return pyString(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${nl(depth + 1)}${v.map((x) => enc(x, depth + 1)).join(`${itemSep}${nl(depth + 1)}`)}${nl(depth)}]`;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    if (opts.sortKeys) keys.sort();
    return `{${nl(depth + 1)}${keys.map((k) => `${pyString(k)}: ${enc(v[k]!, depth + 1)}`).join(`${itemSep}${nl(depth + 1)}`)}${nl(depth)}}`;
  };
  return enc(value, 0);
}

/** Python's `repr()` of a str (single quotes unless the text has one and no double quote). */
export function pyRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += `\\${q}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + q;
}
