/**
 * Currency rates as Odoo 19 reads them: the rate of a day is the latest rate on or before it; a day before the
 * first rate takes that first rate (not 1.0); a currency without rates is at 1.0. Rates are "units of the currency
 * per unit of the company currency", so conversions divide one rate by the other, in IEEE doubles as Odoo does
 * (which is why 0.95 can come back as 0.9500000000000001).
 */
import type { Env } from '../orm/types.ts';

/** The date part (YYYY-MM-DD) of a datetime text or Date. */
export function dayOf(v: string | Date | null | undefined, fallback: Date): string {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\d/.test(v)) return v.slice(0, 10);
  return (v instanceof Date ? v : fallback).toISOString().slice(0, 10);
}

/** Raw rate of each currency at `day` for the company (company-specific rates first, then shared ones). */
export async function ratesAt(env: Env, currencyIds: number[], day: string, companyId: number): Promise<Map<number, number>> {
  const r = await env.tx.query(
    `SELECT c.id, coalesce(
       (SELECT r.rate FROM res_currency_rate r WHERE r.currency_id = c.id AND r.name <= $2::date
          AND (r.company_id IS NULL OR r.company_id = $3) ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1),
       (SELECT r.rate FROM res_currency_rate r WHERE r.currency_id = c.id
          AND (r.company_id IS NULL OR r.company_id = $3) ORDER BY r.company_id NULLS LAST, r.name ASC LIMIT 1),
       1.0)::float8 AS rate
     FROM res_currency c WHERE c.id = ANY($1)`, [[...new Set(currencyIds)], day, companyId]);
  return new Map(r.rows.map((x) => [x.id as number, Number(x.rate)]));
}

/** The company's currency. */
export async function companyCurrency(env: Env, companyId: number): Promise<number> {
  const r = await env.tx.query('SELECT currency_id FROM res_company WHERE id = $1', [companyId]);
  return r.rows[0]?.currency_id as number;
}

/**
 * Odoo's `_get_conversion_rate(from, to)`: `from.with_context(to_currency=to).inverse_rate`, i.e. 1 / (from / to).
 * Kept in that shape on purpose: it gives the same last-bit float answers as Odoo.
 */
export function conversionRate(fromRate: number, toRate: number): number {
  return 1 / (fromRate / toRate);
}

/** company -> currency rate of each pair at its day (one query per distinct day). */
export async function companyToCurrencyRates(
  env: Env, wanted: Array<{ key: number; currencyId: number; day: string; companyId: number }>,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  const groups = new Map<string, typeof wanted>();
  for (const w of wanted) {
    const k = `${w.day}|${w.companyId}`;
    groups.set(k, [...(groups.get(k) ?? []), w]);
  }
  for (const list of groups.values()) {
    const { day, companyId } = list[0]!;
    const cc = await companyCurrency(env, companyId);
    const rates = await ratesAt(env, [cc, ...list.map((w) => w.currencyId)], day, companyId);
    for (const w of list) out.set(w.key, conversionRate(rates.get(cc) ?? 1, rates.get(w.currencyId) ?? 1));
  }
  return out;
}
