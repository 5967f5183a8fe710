/**
 * `res.company` create as Odoo does it: a company without partner gets one (its name, is_company, and the e-mail,
 * phone, VAT number and country given to the company), its currency defaults to the current company's and is
 * activated, and the new companies are added to the creating user's companies (and OdooBot's). Not emulated: the
 * chart of accounts, journals and warehouse Odoo's accounting and stock modules add to a new company.
 */
import { createRecords } from '../orm/create.ts';
import { getModel } from '../orm/read.ts';
import type { Env, Json, Vals } from '../orm/types.ts';

/** res.company prepareCreate. */
export async function prepareCompanies(env: Env, rows: Vals[]): Promise<void> {
  const cur = await env.tx.query('SELECT currency_id FROM res_company WHERE id = $1', [env.companyId]);
  const missing = rows.filter((r) => r.name && !r.partner_id);
  if (missing.length) {
    const partnerVals = missing.map((r) => {
      const v: Vals = { name: r.name!, is_company: true };
      for (const k of ['email', 'phone', 'vat', 'country_id']) if (r[k] !== undefined) v[k] = r[k] as Json;
      return v;
    });
    const ids = await createRecords(env, getModel(env, 'res.partner'), partnerVals);
    missing.forEach((r, i) => { r.partner_id = ids[i]!; });
  }
  for (const r of rows) r.currency_id ??= (cur.rows[0]?.currency_id as number | undefined) ?? false;
}

/** res.company afterCreate. */
export async function afterCompanyCreate(env: Env, ids: number[]): Promise<void> {
  await env.tx.query('UPDATE res_partner p SET company_id = c.id FROM res_company c WHERE c.id = ANY($1) AND p.id = c.partner_id', [ids]);
  await env.tx.query(
    `UPDATE res_users SET company_ids = ARRAY(SELECT DISTINCT x FROM unnest(coalesce(company_ids, '{}') || $1::int[]) x ORDER BY x)
      WHERE id = ANY($2)`, [ids, [env.uid, 1]]);
  await env.tx.query('UPDATE res_currency SET active = TRUE WHERE id IN (SELECT currency_id FROM res_company WHERE id = ANY($1))', [ids]);
}

/** res.company `vat`: the company partner's number (Odoo: related to partner_id.vat). */
export async function companyVat(env: Env, ids: number[]): Promise<Map<number, Json>> {
  const r = await env.tx.query('SELECT c.id, p.vat FROM res_company c LEFT JOIN res_partner p ON p.id = c.partner_id WHERE c.id = ANY($1)', [ids]);
  return new Map(r.rows.map((x) => [x.id as number, (x.vat as string | null) || false]));
}
