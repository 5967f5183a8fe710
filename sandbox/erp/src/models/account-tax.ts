/**
 * account.tax as Odoo 19 has it: a country (default: the company's fiscal country) and a tax group of that same
 * country, found by itself when not given; its fiscal positions (the inverse of the positions' `tax_ids`) and the
 * taxes it replaces under them (`original_tax_ids`); `price_include` from the override or the company default.
 */
import { domesticPositions } from '../business/fiscal-position.ts';
import { bool, char, defineModel, float, html, int, m2m, m2o, sel } from '../orm/define.ts';
import { validationError } from '../orm/errors.ts';
import type { Env, FieldDef, Json, Vals } from '../orm/types.ts';
import { resolveMany2many } from '../orm/x2many.ts';

const GROUP_COUNTRY = 'The tax group must have the same country_id as the tax using it.';

async function fiscalCountry(env: Env, company: number): Promise<number | null> {
  const r = await env.tx.query('SELECT coalesce(account_fiscal_country_id, country_id) AS c FROM res_company WHERE id = $1', [company]);
  return (r.rows[0]?.c as number | null) ?? null;
}

/** The group Odoo picks for a tax of `country`: the company's first group of that country, else one without country. */
async function groupFor(env: Env, country: number | null, company: number): Promise<number | null> {
  const r = await env.tx.query(
    `SELECT id FROM account_tax_group WHERE company_id = $1 AND (country_id = $2 OR country_id IS NULL)
     ORDER BY (country_id IS NULL), sequence, id LIMIT 1`, [company, country]);
  return (r.rows[0]?.id as number | undefined) ?? null;
}

/** Odoo's `_constrains_name`: one name per company, type, scope and country; the message lists the others. */
async function checkUniqueNames(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT DISTINCT o.id, o.name, c.name AS company FROM account_tax t JOIN account_tax o ON o.id <> t.id AND o.active
       AND o.name = t.name AND o.type_tax_use = t.type_tax_use AND o.tax_scope IS NOT DISTINCT FROM t.tax_scope
       AND o.country_id IS NOT DISTINCT FROM t.country_id AND o.company_id = t.company_id
     JOIN res_company c ON c.id = o.company_id WHERE t.id = ANY($1) AND t.active ORDER BY o.id`, [ids]);
  if (r.rows.length) {
    throw validationError(`Tax names must be unique!\n${r.rows.map((x) => `- ${x.name as string} in ${x.company as string}`).join('\n')}`);
  }
}

/** Refuses taxes whose group belongs to another country (Odoo's `validate_tax_group_id`). */
async function checkGroupCountry(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query(
    `SELECT 1 FROM account_tax t JOIN account_tax_group g ON g.id = t.tax_group_id
     WHERE t.id = ANY($1) AND g.country_id IS NOT NULL AND g.country_id IS DISTINCT FROM t.country_id LIMIT 1`, [ids]);
  if (r.rows.length) throw validationError(GROUP_COUNTRY);
}

const fiscalPositionIds: FieldDef = m2m('account.fiscal.position', 'Fiscal Positions', {
  compute: async (env, ids) => {
    const r = await env.tx.query(
      `SELECT t.id, coalesce(array_agg(f.id ORDER BY f.sequence, f.id) FILTER (WHERE f.id IS NOT NULL), '{}') AS fps
       FROM unnest($1::int[]) AS t(id) LEFT JOIN account_fiscal_position f ON t.id = ANY(f.tax_ids) GROUP BY t.id`, [ids]);
    return new Map(r.rows.map((x) => [x.id as number, x.fps as number[]]));
  },
});

/** Writing a tax's fiscal positions writes the positions' `tax_ids` (the side the sandbox stores). */
async function writeFiscalPositions(env: Env, ids: number[], values: Array<Json | undefined>): Promise<void> {
  const current = await fiscalPositionIds.compute!(env, ids);
  const wanted = await resolveMany2many(env, fiscalPositionIds, values, ids.map((id) => (current.get(id) as number[]) ?? []));
  for (const [i, id] of ids.entries()) {
    if (values[i] === undefined) continue;
    await env.tx.query(`UPDATE account_fiscal_position SET tax_ids = array_remove(tax_ids, $1) WHERE $1 = ANY(tax_ids) AND NOT (id = ANY($2))`, [id, wanted[i]]);
    await env.tx.query(`UPDATE account_fiscal_position SET tax_ids = tax_ids || $1 WHERE id = ANY($2) AND NOT ($1 = ANY(tax_ids))`, [id, wanted[i]]);
  }
}

export const accountTax = defineModel({
  name: 'account.tax',
  description: 'Tax',
  order: 'sequence, id',
  fields: {
    name: char('Tax Name', { required: true }),
    amount_type: sel('Tax Computation',
      [['group', 'Group of Taxes'], ['fixed', 'Fixed'], ['percent', 'Percentage'], ['division', 'Percentage Tax Included']],
      { default: 'percent', required: true }),
    amount: float('Amount'),
    type_tax_use: sel('Tax Type', [['sale', 'Sales'], ['purchase', 'Purchases'], ['none', 'None']], { default: 'sale', required: true }),
    tax_scope: sel('Tax Scope', [['service', 'Services'], ['consu', 'Goods']]),
    price_include_override: sel('Included in Price', [['tax_included', 'Tax Included'], ['tax_excluded', 'Tax Excluded']]),
    price_include: bool('Price Include', {
      readonly: true,
      default: undefined,
      compute: async (env, ids) => {
        const r = await env.tx.query(
          `SELECT t.id, coalesce(t.price_include_override, c.account_price_include) = 'tax_included' AS inc
           FROM account_tax t JOIN res_company c ON c.id = coalesce(t.company_id, 1) WHERE t.id = ANY($1)`, [ids]);
        return new Map(r.rows.map((x) => [x.id as number, x.inc as boolean]));
      },
    }),
    include_base_amount: bool('Affect Base of Subsequent Taxes'),
    children_tax_ids: m2m('account.tax', 'Children Taxes'),
    description: html('Description'),
    invoice_label: char('Label on Invoices'),
    sequence: int('Sequence', { default: 1 }),
    tax_group_id: m2o('account.tax.group', 'Tax Group', { required: true }),
    country_id: m2o('res.country', 'Country', { required: true }),
    fiscal_position_ids: fiscalPositionIds,
    original_tax_ids: m2m('account.tax', 'Replaces'),
    is_domestic: bool('Domestic', { readonly: true, default: undefined, compute: async (env, ids) => {
      const fps = await fiscalPositionIds.compute!(env, ids);
      const domestic = await domesticPositions(env);
      return new Map(ids.map((id) => {
        const list = (fps.get(id) as number[]) ?? [];
        return [id, list.length === 0 || list.some((f) => domestic.has(f))];
      }));
    } }),
    company_id: m2o('res.company', 'Company', { default: (env: Env): Json => env.companyId, required: true }),
    active: bool('Active', { default: true }),
  },
  async prepareCreate(env, rows) {
    for (const r of rows) {
      const company = typeof r.company_id === 'number' ? r.company_id : env.companyId;
      if (r.country_id === undefined) r.country_id = (await fiscalCountry(env, company)) ?? false;
      if (r.tax_group_id === undefined || r.tax_group_id === false) {
        // Odoo computes the group from the country; none of that country (nor a country-less one) leaves it empty
        const g = await groupFor(env, typeof r.country_id === 'number' ? r.country_id : null, company);
        if (g !== null) r.tax_group_id = g;
      }
    }
  },
  async afterCreate(env, ids, rows: Vals[]) {
    await checkUniqueNames(env, ids);
    await checkGroupCountry(env, ids);
    if (rows.some((r) => r.fiscal_position_ids !== undefined)) await writeFiscalPositions(env, ids, rows.map((r) => r.fiscal_position_ids));
  },
  async afterWrite(env, ids, vals) {
    if (vals.country_id !== undefined && vals.tax_group_id === undefined) {
      // a new country takes a group of that country, as Odoo's compute does
      const r = await env.tx.query(
        `SELECT t.id, t.country_id, t.company_id FROM account_tax t LEFT JOIN account_tax_group g ON g.id = t.tax_group_id
         WHERE t.id = ANY($1) AND g.country_id IS DISTINCT FROM t.country_id`, [ids]);
      for (const t of r.rows) {
        const g = await groupFor(env, t.country_id as number | null, t.company_id as number);
        if (g === null) throw validationError(GROUP_COUNTRY);
        await env.tx.query('UPDATE account_tax SET tax_group_id = $2 WHERE id = $1', [t.id, g]);
      }
    }
    if (['name', 'type_tax_use', 'tax_scope', 'country_id', 'active'].some((k) => vals[k] !== undefined)) await checkUniqueNames(env, ids);
    await checkGroupCountry(env, ids);
    if (vals.fiscal_position_ids !== undefined) await writeFiscalPositions(env, ids, ids.map(() => vals.fiscal_position_ids));
  },
});
