/**
 * The company and tax world of each seed. `fresh`: what a new Odoo 19 (generic chart, no demo data) has — a US
 * company in USD, only USD active, the 15 % sale and purchase taxes, "0% Exports"/"0% Imports" replacing them
 * under the "Foreign Trade" position, "Domestic" for the US, tax groups "Tax 15%"/"Tax 0%", a "Default"
 * pricelist, global rounding. `demo`: a German seller in EUR with per-country VAT taxes (each country with a tax
 * group of its own country, as Odoo requires) and no fiscal positions.
 */
import type { PoolClient } from 'pg';
import { insertRows } from '../db/bulk.ts';
import { currencies, vatTaxes, type CurrencySeed } from './data.ts';

export type SeedKind = 'fresh' | 'demo';

async function ins(tx: PoolClient, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  await insertRows(tx, table, cols, rows.map((r) => cols.map((c) => r[c] ?? null)));
}

/** The currencies in id order: the company's first (id 1), as on the database the recordings were made on. */
export function seedCurrencies(kind: SeedKind): CurrencySeed[] {
  const all = currencies();
  const first = kind === 'fresh' ? 'USD' : 'EUR';
  return [all.find((c) => c.code === first)!, ...all.filter((c) => c.code !== first)];
}

/** Currencies active by default: a fresh database has only its company currency. */
export function defaultActive(kind: SeedKind): string[] {
  return kind === 'fresh' ? ['USD'] : ['EUR', 'USD', 'GBP', 'PLN'];
}

interface TaxRow {
  name: string; amount: number; type_tax_use: string; price_include_override: string | null; country: string;
  description: string | null; group: string; original?: number[];
}

/** Seeds company, tax groups, taxes, fiscal positions and pricelists; returns nothing (ids are fixed). */
export async function seedTaxWorld(tx: PoolClient, kind: SeedKind, countryId: (code: string) => number, curId: (code: string) => number): Promise<void> {
  const home = kind === 'fresh' ? 'US' : 'DE';
  const taxes: TaxRow[] = kind === 'fresh'
    ? [
        { name: '15%', amount: 15, type_tax_use: 'sale', price_include_override: null, country: 'US', description: null, group: 'Tax 15%' },
        { name: '15%', amount: 15, type_tax_use: 'purchase', price_include_override: null, country: 'US', description: null, group: 'Tax 15%' },
        { name: '0% Exports', amount: 0, type_tax_use: 'sale', price_include_override: null, country: 'US', description: null, group: 'Tax 0%', original: [1] },
        { name: '0% Imports', amount: 0, type_tax_use: 'purchase', price_include_override: null, country: 'US', description: null, group: 'Tax 0%', original: [2] },
      ]
    : [
        { name: '15%', amount: 15, type_tax_use: 'sale', price_include_override: null, country: 'DE', description: '<div>15%</div>', group: 'VAT DE' },
        { name: '15%', amount: 15, type_tax_use: 'purchase', price_include_override: null, country: 'DE', description: '<div>15%</div>', group: 'VAT DE' },
        ...vatTaxes().map((t) => ({ ...t, country: t.country ?? 'DE', description: `<div>${t.description}</div>`, group: `VAT ${t.country ?? 'DE'}` })),
      ];
  const groupNames = [...new Set(taxes.map((t) => `${t.group}|${t.country}`))];
  await ins(tx, 'account_tax_group', groupNames.map((g, i) => {
    const [name, cc] = g.split('|') as [string, string];
    return { id: i + 1, name, country_id: countryId(cc), company_id: 1, sequence: 10 };
  }));
  const groupId = (t: TaxRow) => groupNames.indexOf(`${t.group}|${t.country}`) + 1;
  await ins(tx, 'account_tax', taxes.map((t, i) => ({
    id: i + 1, name: t.name, amount_type: 'percent', amount: t.amount, type_tax_use: t.type_tax_use, price_include_override: t.price_include_override,
    country_id: countryId(t.country), description: t.description, sequence: 1, company_id: 1, active: true, include_base_amount: false,
    children_tax_ids: [], original_tax_ids: t.original ?? [], tax_group_id: groupId(t),
  })));
  const currency = kind === 'fresh' ? 'USD' : 'EUR';
  await ins(tx, 'res_company', [{ id: 1, name: 'My Company', partner_id: 1, currency_id: curId(currency), country_id: countryId(home),
    account_fiscal_country_id: countryId(home), tax_calculation_rounding_method: 'round_globally', account_price_include: 'tax_excluded',
    account_sale_tax_id: 1, active: true }]);
  if (kind === 'fresh') {
    await ins(tx, 'account_fiscal_position', [
      { id: 1, name: 'Domestic', sequence: 0, company_id: 1, auto_apply: true, vat_required: false, country_id: countryId('US'), tax_ids: [1, 2], state_ids: [], active: true },
      { id: 2, name: 'Foreign Trade', sequence: 0, company_id: 1, auto_apply: true, vat_required: false, country_id: null, tax_ids: [3, 4], state_ids: [], active: true },
    ]);
    await ins(tx, 'product_pricelist', [{ id: 1, name: 'Default', currency_id: curId('USD'), sequence: 16, company_id: null, active: true }]);
  }
}
