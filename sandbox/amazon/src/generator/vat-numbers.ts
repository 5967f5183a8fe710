/**
 * Buyers' VAT numbers with correct check digits for their country, checked by `stdnum` (the JavaScript port of
 * python-stdnum, which Odoo's `base_vat` uses), and deliberately invalid ones: a valid number with its last digit
 * changed until the check fails, so an ERP that checks VAT numbers refuses exactly those.
 */
import { stdnum, type Validator } from 'stdnum';
import type { Rng } from './prng.ts';

/** The VAT module of each country a VAT number can be made for (prefix = ISO code except Greece's EL). */
const VAT: Record<string, Validator> = {
  AT: stdnum.AT!.uid!, BE: stdnum.BE!.vat!, DE: stdnum.DE!.vat!, ES: stdnum.ES!.nif!, FR: stdnum.FR!.tva!,
  GB: stdnum.GB!.vat!, IT: stdnum.IT!.iva!, NL: stdnum.NL!.btw!, PL: stdnum.PL!.nip!, SE: stdnum.SE!.vat!,
};

const digits = (rng: Rng, n: number, firstNonZero = false): string =>
  Array.from({ length: n }, (_, i) => String(rng.int(i === 0 && firstNonZero ? 1 : 0, 9))).join('');

/** The first `build(suffix)` the validator accepts, trying the `width`-digit suffixes from a random start. */
function solve(rng: Rng, width: number, build: (suffix: string) => string, valid: (s: string) => boolean): string | null {
  const size = 10 ** width;
  const start = rng.int(0, size - 1);
  for (let k = 0; k < size; k++) {
    const s = build(String((start + k) % size).padStart(width, '0'));
    if (valid(s)) return s;
  }
  return null;
}

/** Random bodies per country with the positions the check digits take; null: draw again. */
const MAKERS: Record<string, (rng: Rng, ok: (body: string) => boolean) => string | null> = {
  AT: (rng, ok) => { const b = digits(rng, 7, true); return solve(rng, 1, (c) => `U${b}${c}`, ok); },
  BE: (rng, ok) => { const b = `0${digits(rng, 7, true)}`; return solve(rng, 2, (c) => `${b}${c}`, ok); },
  DE: (rng, ok) => { const b = digits(rng, 8, true); return solve(rng, 1, (c) => `${b}${c}`, ok); },
  ES: (rng, ok) => { const b = `B${digits(rng, 7)}`; return solve(rng, 1, (c) => `${b}${c}`, ok); },
  FR: (rng, ok) => {
    const siren8 = digits(rng, 8, true);
    const siren = solve(rng, 1, (c) => `${siren8}${c}`, (s) => stdnum.FR!.siren!.validate(s).isValid);
    return siren ? solve(rng, 2, (k) => `${k}${siren}`, ok) : null;
  },
  GB: (rng, ok) => { const b = digits(rng, 7, true); return solve(rng, 2, (c) => `${b}${c}`, ok); },
  IT: (rng, ok) => {
    const b = `${digits(rng, 7, true)}${String(rng.int(1, 100)).padStart(3, '0')}`;
    return solve(rng, 1, (c) => `${b}${c}`, ok);
  },
  NL: (rng, ok) => { const b = digits(rng, 8, true); return solve(rng, 1, (c) => `${b}${c}B01`, ok); },
  PL: (rng, ok) => { const b = digits(rng, 9, true); return solve(rng, 1, (c) => `${b}${c}`, ok); },
  SE: (rng, ok) => { const b = digits(rng, 9, true); return solve(rng, 1, (c) => `${b}${c}01`, ok); },
};

/** Countries a VAT number can be made for. */
export const VAT_COUNTRIES: readonly string[] = Object.keys(VAT);

/** True when `vat` (with its country prefix) has a correct format and check digits for its country. */
export function isValidVat(vat: string): boolean {
  const cc = vat.slice(0, 2).toUpperCase();
  const m = VAT[cc];
  return m !== undefined && m.validate(vat.slice(2)).isValid;
}

/** A VAT number of `country` with its prefix: valid, or (`valid` false) one whose check digits are wrong. */
export function makeVatNumber(rng: Rng, country: string, valid = true): string {
  const m = VAT[country];
  const make = MAKERS[country];
  if (!m || !make) throw new Error(`no VAT numbers for country ${country}`);
  const ok = (body: string) => m.validate(body).isValid;
  let body: string | null = null;
  for (let i = 0; i < 50 && !body; i++) body = make(rng, ok);
  if (!body) throw new Error(`could not make a VAT number for ${country}`);
  if (!valid) body = breakCheckDigit(body, ok);
  return `${country}${body}`;
}

/** The number with one digit changed so that the check fails (the last digit that can do it, from the end). */
function breakCheckDigit(body: string, ok: (b: string) => boolean): string {
  for (let pos = body.length - 1; pos >= 0; pos--) {
    if (!/\d/.test(body[pos]!)) continue;
    for (let j = 1; j < 10; j++) {
      const alt = `${body.slice(0, pos)}${(Number(body[pos]) + j) % 10}${body.slice(pos + 1)}`;
      if (!ok(alt)) return alt;
    }
  }
  throw new Error('no invalid variant');
}
