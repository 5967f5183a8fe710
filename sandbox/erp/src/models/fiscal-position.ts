/**
 * account.fiscal.position as Odoo 19 models it (its taxes as a many2many of account.tax; a destination tax says
 * which taxes it replaces through its `original_tax_ids`) and res.country.group (the EU group of a fresh database).
 */
import { domesticPositions } from '../business/fiscal-position.ts';
import { bool, char, defineModel, html, int, m2m, m2o } from '../orm/define.ts';
import { validationError } from '../orm/errors.ts';
import type { Env, Json } from '../orm/types.ts';


export const resCountryGroup = defineModel({
  name: 'res.country.group',
  description: 'Country Group',
  order: 'name, id',
  fields: {
    name: char('Name', { required: true }),
    code: char('Code'),
    country_ids: m2m('res.country', 'Countries'),
    exclude_state_ids: m2m('res.country.state', 'Excluded States'),
  },
});

export const accountFiscalPosition = defineModel({
  name: 'account.fiscal.position',
  description: 'Fiscal Position',
  order: 'sequence, id',
  fields: {
    name: char('Fiscal Position', { required: true }),
    sequence: int('Sequence'),
    active: bool('Active', { default: true }),
    company_id: m2o('res.company', 'Company', { required: true, default: (env: Env): Json => env.companyId }),
    tax_ids: m2m('account.tax', 'Taxes'),
    note: html('Notes'),
    auto_apply: bool('Detect Automatically'),
    vat_required: bool('VAT required'),
    country_id: m2o('res.country', 'Country'),
    country_group_id: m2o('res.country.group', 'Country Group'),
    state_ids: m2m('res.country.state', 'Federal States'),
    zip_from: char('Zip Range From'),
    zip_to: char('Zip Range To'),
    foreign_vat: char('Foreign Tax ID'),
    is_domestic: bool('Is Domestic', { readonly: true, default: undefined, compute: async (env, ids) => {
      const domestic = await domesticPositions(env);
      return new Map(ids.map((id) => [id, domestic.has(id)]));
    } }),
  },
  async afterCreate(env, ids) {
    await checkPositions(env, ids);
  },
  async afterWrite(env, ids) {
    await checkPositions(env, ids);
  },
});

/** Odoo's constraints on zip ranges and foreign VAT positions, with its messages. */
async function checkPositions(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT f.id, f.company_id, f.country_id, f.country_group_id, f.state_ids, f.foreign_vat, f.zip_from, f.zip_to,
            c.account_fiscal_country_id AS fiscal_country,
            EXISTS (SELECT 1 FROM res_country_state s WHERE s.country_id = c.account_fiscal_country_id) AS fiscal_has_states,
            (SELECT f.country_id = ANY(g.country_ids) FROM res_country_group g WHERE g.id = f.country_group_id) AS in_group
     FROM account_fiscal_position f JOIN res_company c ON c.id = f.company_id WHERE f.id = ANY($1) ORDER BY f.id`, [ids]);
  for (const p of r.rows) {
    if (Boolean(p.zip_from) !== Boolean(p.zip_to) || (p.zip_from && p.zip_from > p.zip_to)) {
      throw validationError('Invalid "Zip Range", You have to configure both "From" and "To" values for the zip range and "To" should be greater than "From".');
    }
    if (!p.foreign_vat) continue;
    if (!p.country_id) throw validationError('The country of the foreign VAT number could not be detected. Please assign a country to the fiscal position.');
    if (p.country_id === p.fiscal_country && !(p.state_ids as number[]).length && p.fiscal_has_states) {
      throw validationError('You cannot create a fiscal position with a foreign VAT within your fiscal country without assigning it a state.');
    }
    if (p.country_group_id && p.in_group === false) {
      throw validationError('You cannot create a fiscal position with a country outside of the selected country group.');
    }
    const other = await env.tx.query(
      `SELECT 1 FROM account_fiscal_position WHERE company_id = $1 AND id <> $2 AND country_id = $3
         AND foreign_vat IS NOT NULL AND foreign_vat <> '' AND foreign_vat <> $4 LIMIT 1`, [p.company_id, p.id, p.country_id, p.foreign_vat]);
    if (other.rows.length) throw validationError('A fiscal position with a foreign VAT already exists in this country.');
  }
}
