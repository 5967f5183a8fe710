/** res.currency.rate, and the rate fields res.currency computes from it (rate, inverse_rate at the context's date). */
import { companyCurrency, dayOf, ratesAt } from '../business/currency-rates.ts';
import { date, defineModel, float, m2o } from '../orm/define.ts';
import { validationError } from '../orm/errors.ts';
import type { Env, FieldDef, Json } from '../orm/types.ts';


/** The rate of each record's currency against the company currency at that record's day. */
async function companyRates(env: Env, ids: number[]): Promise<Map<number, number>> {
  const r = await env.tx.query(
    `SELECT id, name::text AS day, rate::float8 AS rate, coalesce(company_id, $2) AS company FROM res_currency_rate WHERE id = ANY($1)`, [ids, env.companyId]);
  const out = new Map<number, number>();
  for (const x of r.rows) {
    const cc = await companyCurrency(env, x.company as number);
    const base = (await ratesAt(env, [cc], x.day as string, x.company as number)).get(cc) ?? 1;
    out.set(x.id as number, Number(x.rate) / base);
  }
  return out;
}

export const resCurrencyRate = defineModel({
  name: 'res.currency.rate',
  description: 'Currency Rate',
  order: 'name desc, id',
  fields: {
    name: date('Date', { required: true, index: true, default: (env: Env) => env.now.toISOString().slice(0, 10) }),
    rate: float('Technical Rate', { default: 1 }),
    company_rate: float('Unit per USD', { readonly: true, default: undefined, compute: async (env, ids) => new Map(
      [...(await companyRates(env, ids))].map(([id, v]) => [id, v as Json])) }),
    inverse_company_rate: float('USD per Unit', { readonly: true, default: undefined, compute: async (env, ids) => new Map(
      [...(await companyRates(env, ids))].map(([id, v]) => [id, 1 / v])) }),
    currency_id: m2o('res.currency', 'Currency', { required: true, ondelete: 'cascade' }),
    company_id: m2o('res.company', 'Company', { default: (env: Env): Json => env.companyId }),
  },
  async afterCreate(env) {
    await checkOnePerDay(env);
  },
  async afterWrite(env, _ids, vals) {
    if (vals.name !== undefined || vals.currency_id !== undefined || vals.company_id !== undefined) await checkOnePerDay(env);
  },
});

/** Odoo's unique (name, currency_id, company_id) constraint, with its message. */
async function checkOnePerDay(env: Env): Promise<void> {
  const r = await env.tx.query(
    `SELECT 1 FROM res_currency_rate GROUP BY name, currency_id, coalesce(company_id, 0) HAVING count(*) > 1 LIMIT 1`);
  if (r.rows.length) throw validationError('Only one currency rate per day allowed!');
}

/** res.currency's `rate` / `inverse_rate`: against the company currency at the context's `date` (default today). */
export function currencyRateField(string: string, inverse: boolean): FieldDef {
  return float(string, {
    readonly: true,
    default: undefined,
    compute: async (env, ids) => {
      const day = dayOf(typeof env.context.date === 'string' ? env.context.date : null, env.now);
      const cc = await companyCurrency(env, env.companyId);
      const rates = await ratesAt(env, [cc, ...ids], day, env.companyId);
      const base = rates.get(cc) ?? 1;
      return new Map(ids.map((id) => {
        const rate = (rates.get(id) ?? 1) / base;
        return [id, inverse ? 1 / rate : rate];
      }));
    },
  });
}
