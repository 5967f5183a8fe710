/**
 * What a sales order takes by itself, as Odoo 19 computes it: the default pricelist, the currency of its
 * pricelist (a `currency_id` given at create is ignored), the automatic fiscal position, the company -> order
 * currency rate of the order date (stored: a later rate does not change it), and line taxes mapped through the
 * order's fiscal position when the line names none.
 */
import type { Env, Vals } from '../orm/types.ts';
import { companyToCurrencyRates, dayOf } from './currency-rates.ts';
import { autoFiscalPositions, mapTaxes } from './fiscal-position.ts';


/** Fills pricelist, currency and fiscal position of new orders (partner addresses already filled). */
export async function orderFiscalDefaults(env: Env, rows: Vals[]): Promise<void> {
  const needPricelist = rows.some((r) => r.pricelist_id === undefined);
  const dflt = needPricelist
    ? await env.tx.query(`SELECT id FROM product_pricelist WHERE active AND (company_id IS NULL OR company_id = $1) ORDER BY sequence, id LIMIT 1`, [env.companyId])
    : null;
  for (const r of rows) if (r.pricelist_id === undefined && dflt?.rows[0]) r.pricelist_id = dflt.rows[0].id as number;
  const pl = await env.tx.query(`SELECT id, currency_id FROM product_pricelist WHERE id = ANY($1)`,
    [rows.map((r) => r.pricelist_id).filter((x): x is number => typeof x === 'number')]);
  const plCur = new Map(pl.rows.map((p) => [p.id as number, p.currency_id as number]));
  const company = await env.tx.query('SELECT currency_id FROM res_company WHERE id = $1', [env.companyId]);
  for (const r of rows) r.currency_id = plCur.get(r.pricelist_id as number) ?? (company.rows[0].currency_id as number);
  const auto = rows.filter((r) => r.fiscal_position_id === undefined);
  const found = await autoFiscalPositions(env, auto.map((r) => ({
    partner: typeof r.partner_id === 'number' ? r.partner_id : null,
    delivery: typeof r.partner_shipping_id === 'number' ? r.partner_shipping_id : null,
  })));
  auto.forEach((r, i) => { r.fiscal_position_id = found[i]!; });
}

/** Recomputes and stores `currency_rate` of the orders from their date, currency and company. */
export async function storeOrderCurrencyRates(env: Env, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const r = await env.tx.query(`SELECT id, currency_id, date_order::text AS d, coalesce(company_id, $2) AS company FROM sale_order WHERE id = ANY($1)`, [ids, env.companyId]);
  const rates = await companyToCurrencyRates(env, r.rows.filter((o) => o.currency_id).map((o) => ({
    key: o.id as number, currencyId: o.currency_id as number, day: dayOf(o.d as string | null, env.now), companyId: o.company as number,
  })));
  await env.tx.query(
    `UPDATE sale_order o SET currency_rate = v.rate FROM (SELECT unnest($1::int[]) AS id, unnest($2::float8[]) AS rate) v WHERE o.id = v.id`,
    [[...rates.keys()], [...rates.values()]]);
}

/** The taxes of new lines that name none: the product's sale taxes mapped through their order's fiscal position. */
export async function mappedLineTaxes(env: Env, rows: Vals[], productTaxes: (row: Vals) => number[] | null, taxField: string): Promise<void> {
  const todo = rows.filter((r) => r[taxField] === undefined && productTaxes(r) !== null);
  if (todo.length === 0) return;
  const orders = await env.tx.query(`SELECT id, fiscal_position_id FROM sale_order WHERE id = ANY($1)`,
    [[...new Set(todo.map((r) => r.order_id).filter((x): x is number => typeof x === 'number'))]]);
  const fpOf = new Map(orders.rows.map((o) => [o.id as number, (o.fiscal_position_id as number | null) ?? false]));
  const mapped = await mapTaxes(env, todo.map((r) => ({ position: fpOf.get(r.order_id as number) ?? false, taxes: productTaxes(r)! })));
  todo.forEach((r, i) => { r[taxField] = [[6, 0, mapped[i]!]]; });
}

/** Detects the fiscal position of existing orders again (after their customer or delivery address changed). */
export async function redetectFiscalPositions(env: Env, ids: number[]): Promise<void> {
  const r = await env.tx.query('SELECT id, partner_id, partner_shipping_id FROM sale_order WHERE id = ANY($1) ORDER BY id', [ids]);
  const found = await autoFiscalPositions(env, r.rows.map((o) => ({ partner: o.partner_id as number | null, delivery: o.partner_shipping_id as number | null })));
  for (const [i, o] of r.rows.entries()) {
    await env.tx.query('UPDATE sale_order SET fiscal_position_id = $2 WHERE id = $1', [o.id, found[i] === false ? null : found[i]]);
  }
}
