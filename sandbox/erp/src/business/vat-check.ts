/**
 * Odoo 19's `base_vat` check of `res.partner.vat` (installed with the sandbox's `base_vat` module): the number's own
 * prefix decides which country checks it, a number without prefix is checked against the commercial partner's
 * country, a partner without country is not checked, and the stored number is the compacted one ("de 123 456 788"
 * -> "DE123456788"). Check digits come from `stdnum`, the JavaScript port of python-stdnum, which Odoo itself uses;
 * the few countries where Odoo has its own rule (DE tax numbers, NO) follow Odoo.
 */
import { stdnum, type Validator } from 'stdnum';
import { validationError } from '../orm/errors.ts';
import type { Env } from '../orm/types.ts';
import { EU_COUNTRIES, EU_PREFIX_COUNTRIES, PREFIX_COUNTRY, REF_VAT } from './vat-formats.ts';

/** python-stdnum's `get_cc_module(cc, 'vat')`, for the countries the sandbox checks. */
const VAT_MODULES: Record<string, [string, string]> = {
  AT: ['AT', 'uid'], BE: ['BE', 'vat'], BG: ['BG', 'vat'], CH: ['CH', 'vat'], CY: ['CY', 'vat'], CZ: ['CZ', 'dic'],
  DE: ['DE', 'vat'], DK: ['DK', 'cvr'], EE: ['EE', 'kmkr'], EL: ['GR', 'vat'], ES: ['ES', 'nif'], FI: ['FI', 'alv'],
  FR: ['FR', 'tva'], GB: ['GB', 'vat'], GR: ['GR', 'vat'], HR: ['HR', 'oib'], HU: ['HU', 'anum'], IE: ['IE', 'vat'],
  IT: ['IT', 'iva'], LT: ['LT', 'pvm'], LU: ['LU', 'tva'], LV: ['LV', 'pvn'], MT: ['MT', 'vat'], NL: ['NL', 'btw'],
  NO: ['NO', 'orgnr'], PL: ['PL', 'nip'], PT: ['PT', 'nif'], RO: ['RO', 'cif'], SE: ['SE', 'vat'], SI: ['SI', 'ddv'],
  SK: ['SK', 'dph'], SM: ['SM', 'coe'],
};

function vatModule(code: string): Validator | undefined {
  const m = VAT_MODULES[code.toUpperCase()];
  return m ? stdnum[m[0]]?.[m[1]] : undefined;
}

/** The number as Odoo stores it: the country module's compact form (spaces, dots, dashes and own prefix gone). */
export function formatVat(code: string, vat: string): string {
  const m = vatModule(code);
  if (!m) return vat;
  try {
    return m.compact(vat);
  } catch {
    return vat;
  }
}

/** Odoo's `_check_vat_number`: Odoo's own rule where it has one, else the country's stdnum module, else valid. */
export function checkVatNumber(code: string, vat: string): boolean {
  const cc = code.toUpperCase();
  if (cc === 'DE') {
    // python-stdnum refuses a leading zero; Odoo also accepts a German tax number (Steuernummer)
    const isVat = /^[1-9]/.test(formatVat('DE', vat)) && stdnum.DE!.vat!.validate(vat).isValid;
    return isVat || stdnum.DE!.stnr!.validate(vat).isValid;
  }
  if (cc === 'NO') {
    const digits = vat.length === 12 && vat.toUpperCase().endsWith('MVA') ? vat.slice(0, -3) : vat;
    return /^\d{9}$/.test(digits) && stdnum.NO!.orgnr!.validate(digits).isValid;
  }
  const m = vatModule(cc);
  return m ? m.validate(vat).isValid : true;
}

function splitVat(vat: string): [string, string] {
  const prefix = vat.slice(0, 2).toUpperCase();
  if (!/^\p{L}{2}$/u.test(prefix)) return ['', vat];
  return [prefix, vat.slice(2).replace(/ /g, '')];
}

/** What the check needs to know of a country. */
export interface VatCountry { code: string }

/** Odoo's `_build_vat_error_message` (the company's own country may name its number otherwise, e.g. "USt"). */
function errorMessage(code: string, wrongVat: string, partnerName: string | false, companyCountry: { code: string; vatLabel: string } | null): string {
  const label = companyCountry && code === companyCountry.code && companyCountry.vatLabel ? companyCountry.vatLabel : 'VAT';
  const format = REF_VAT[code.toLowerCase()];
  const note = format ? ` \nNote: the expected format is ${format}` : '';
  const record = `partner [${partnerName === false ? 'False' : partnerName}]`;
  return record.includes('False')
    ? `\nThe ${label} number [${wrongVat}] does not seem to be valid. ${note}`
    : `\nThe ${label} number [${wrongVat}] for ${record} does not seem to be valid. ${note}`;
}

/**
 * Odoo's `_run_vat_checks` with validation 'error': the number to store, or a ValidationError with Odoo's text.
 * `country` is the commercial partner's country (none: not checked).
 */
export function runVatChecks(country: VatCountry | null, vat: string | false, partnerName: string | false,
  companyCountry: { code: string; vatLabel: string } | null, noValidation = false): string | false {
  if (!country || !vat) return vat;
  if (vat.length <= 2) {
    if (['/', 'na', 'NA'].includes(vat) || noValidation) return vat;
    throw validationError("To explicitly indicate no (valid) VAT, use '/', 'na' or 'NA' instead. ");
  }
  const [prefix, number] = splitVat(vat);
  if (prefix === 'EU' && !EU_COUNTRIES.has(country.code)) return vat;
  let doEuCheck = false;
  let prefixed = '';
  let body = vat;
  const prefixCountry = PREFIX_COUNTRY[prefix] ?? prefix;
  if (EU_PREFIX_COUNTRIES.has(prefixCountry)) {
    if (EU_PREFIX_COUNTRIES.has(country.code) && prefix) {
      body = number;
      prefixed = prefix;
    } else doEuCheck = true;
  }
  const codeToCheck = prefixed || country.code;
  body = formatVat(codeToCheck, body);
  if (prefixed === 'GR') prefixed = 'EL';
  const result = prefixed + body;
  if (noValidation) return result;
  const doublePrefix = prefixed !== '' && result.startsWith(prefixed + prefixed);
  if (!checkVatNumber(codeToCheck, body) || doublePrefix) {
    if (doEuCheck) {
      try {
        return runVatChecks({ code: prefixCountry }, prefix + number, partnerName, companyCountry);
      } catch {
        throw validationError(`${errorMessage(codeToCheck, body, partnerName, companyCountry)}\n\n` +
          `If you are trying to input a European number, this is the expected format: ${REF_VAT[prefixCountry.toLowerCase()] ?? ''}`);
      }
    }
    throw validationError(errorMessage(codeToCheck, body, partnerName, companyCountry));
  }
  return result;
}

/**
 * Checks (and normalises) the VAT numbers of `ids` in their order, against each one's commercial partner's country;
 * the first invalid one fails the whole call, as Odoo's constraint does.
 */
export async function checkPartnerVats(env: Env, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const r = await env.tx.query(
    `SELECT p.id, p.name, p.vat, c.code
       FROM res_partner p LEFT JOIN res_partner cp ON cp.id = coalesce(p.commercial_partner_id, p.id)
       LEFT JOIN res_country c ON c.id = cp.country_id
      WHERE p.id = ANY($1) AND p.vat IS NOT NULL AND p.vat <> ''`, [ids]);
  if (r.rows.length === 0) return;
  const byId = new Map(r.rows.map((x) => [x.id as number, x]));
  const company = await companyCountry(env);
  const noValidation = env.context.no_vat_validation === true;
  const changed: Array<[number, string]> = [];
  for (const id of ids) {
    const row = byId.get(id);
    if (!row) continue;
    const vat = runVatChecks(row.code ? { code: row.code as string } : null, row.vat as string, (row.name as string | null) ?? false, company, noValidation);
    if (vat !== row.vat) changed.push([id, vat === false ? '' : vat]);
  }
  for (const [id, vat] of changed) await env.tx.query('UPDATE res_partner SET vat = $2 WHERE id = $1', [id, vat]);
}

/** The current company's country and its VAT label (context `company_id` first, as Odoo's message does). */
async function companyCountry(env: Env): Promise<{ code: string; vatLabel: string } | null> {
  const companyId = typeof env.context.company_id === 'number' ? env.context.company_id : env.companyId;
  const r = await env.tx.query(
    `SELECT c.code, c.vat_label FROM res_company co JOIN res_country c ON c.id = co.country_id WHERE co.id = $1`, [companyId]);
  return r.rows[0] ? { code: r.rows[0].code as string, vatLabel: (r.rows[0].vat_label as string | null) ?? '' } : null;
}
