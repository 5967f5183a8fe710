/**
 * `tax_totals` of a sales order: the summary Odoo 19's `account.tax._get_tax_totals_summary` gives the order form
 * (a JSON value, type binary): untaxed base, tax and total in the order's currency and in the company's (through
 * the order's stored `currency_rate`), one subtotal "Untaxed Amount" with its tax groups (base, tax, the taxes
 * involved). Not reproduced: cash rounding and the per-group display labels of some localisations.
 */
import type { Env, Json } from '../orm/types.ts';
import { fromMinor } from '../tax/compute.ts';
import { computeDocuments } from './amounts.ts';

/** Odoo's float rounding of a company-currency amount (rate-converted). */
const convert = (amount: number, rate: number, dp: number): number => Number((amount / (rate || 1)).toFixed(dp));

/** The orders' tax totals (one computation of their amounts, one query for the tax groups and currencies). */
export async function saleTaxTotals(env: Env, orderIds: number[]): Promise<Map<number, Json>> {
  const docs = await computeDocuments(env, 'sale', orderIds);
  const taxIds = [...new Set(docs.flatMap((d) => d.result.lines.flatMap((l) => [...l.byTax.keys()])))];
  const groups = await env.tx.query(
    `SELECT t.id, g.id AS gid, g.name, coalesce(g.sequence, 10) AS seq FROM account_tax t JOIN account_tax_group g ON g.id = t.tax_group_id
     WHERE t.id = ANY($1)`, [taxIds]);
  const groupOf = new Map(groups.rows.map((g) => [g.id as number, g]));
  const meta = await env.tx.query(
    `SELECT o.id, o.currency_rate::float8 AS rate, oc.rounding::float8 AS pd, cc.rounding::float8 AS cpd, cc.decimal_places AS cdp
     FROM sale_order o JOIN res_company c ON c.id = o.company_id JOIN res_currency cc ON cc.id = c.currency_id
       LEFT JOIN res_currency oc ON oc.id = o.currency_id WHERE o.id = ANY($1)`, [orderIds]);
  const metaOf = new Map(meta.rows.map((m) => [m.id as number, m]));
  const out = new Map<number, Json>();
  for (const d of docs) {
    const m = metaOf.get(d.id)!;
    const rate = Number(m.rate) || 1;
    const cdp = Number(m.cdp);
    const money = (minor: number) => fromMinor(minor, d.dp);
    const both = (key: string, minor: number): Record<string, Json> => ({ [`${key}_currency`]: money(minor), [key]: convert(money(minor), rate, cdp) });
    const byGroup = new Map<number, { name: string; seq: number; tax: number; base: number; taxIds: Set<number> }>();
    d.result.lines.forEach((line) => {
      const seen = new Set<number>();
      for (const [taxId, amount] of line.byTax) {
        const g = groupOf.get(taxId);
        if (!g) continue;
        const gid = g.gid as number;
        const entry = byGroup.get(gid) ?? { name: g.name as string, seq: Number(g.seq), tax: 0, base: 0, taxIds: new Set<number>() };
        entry.tax += amount;
        entry.taxIds.add(taxId);
        if (!seen.has(gid)) entry.base += line.subtotal;
        seen.add(gid);
        byGroup.set(gid, entry);
      }
    });
    const taxGroups = [...byGroup.entries()].sort((a, b) => a[1].seq - b[1].seq || a[0] - b[0]).map(([gid, g]) => ({
      id: gid, involved_tax_ids: [...g.taxIds].sort((a, b) => a - b), ...both('tax_amount', g.tax), ...both('base_amount', g.base),
      ...both('display_base_amount', g.base), group_name: g.name, group_label: false,
    }));
    const r = d.result;
    out.set(d.id, {
      currency_id: d.currencyId, currency_pd: Number(m.pd ?? m.cpd), company_currency_id: d.companyCurrencyId, company_currency_pd: Number(m.cpd),
      has_tax_groups: taxGroups.length > 0,
      subtotals: [{ name: 'Untaxed Amount', ...both('base_amount', r.untaxed), ...both('tax_amount', r.tax), tax_groups: taxGroups }],
      ...both('base_amount', r.untaxed), ...both('tax_amount', r.tax), same_tax_base: [...byGroup.values()].every((g) => g.base === r.untaxed),
      ...both('total_amount', r.total),
    });
  }
  return out;
}
