/**
 * What an empty database is seeded with: the records a new Odoo 19 (sale_management, stock, account, generic
 * chart) has at the ids the recordings show, the admin user and API key, all countries (and the EU group),
 * currencies, then one of two worlds (see tax-worlds.ts): `demo` (a German seller in EUR with per-country VAT
 * taxes and a storable product with stock for most catalogue SKUs, each with its sales tax: German 19 %, or the reduced
 * rate of each marketplace country for food and books) or `fresh` (a new US database, as the
 * set-up recording was made on; no products unless asked).
 */
import { readFileSync } from 'node:fs';
import type { PoolClient } from 'pg';
import { insertRows } from '../db/bulk.ts';
import { seedChart } from './chart.ts';
import { countries, states } from './countries.ts';
import { defaultActive, seedCurrencies, seedTaxWorld, type SeedKind } from './tax-worlds.ts';
import { VAT_LABELS } from '../business/vat-formats.ts';
import { DEMO_VAT_RATES } from './data.ts';

export interface SeedOptions {
  apiKey: string;
  catalogue: string;
  /** 'demo' (default) or 'fresh'. */
  kind?: SeedKind;
  activeCurrencies?: string[];
  /** Catalogue products with stock: default true for the demo, false for a fresh database. */
  products?: boolean;
  /** ISO code of the company's country and fiscal country (default: DE for the demo, US for a fresh database). */
  companyCountry?: string;
}

const EU = 'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' ');

async function ins(tx: PoolClient, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]!);
  await insertRows(tx, table, cols, rows.map((r) => cols.map((c) => r[c] ?? null)));
}

/** True when the database has no company yet. */
export async function isEmpty(tx: PoolClient): Promise<boolean> {
  const r = await tx.query('SELECT count(*)::int AS n FROM res_company');
  return r.rows[0].n === 0;
}

interface Catalogue {
  products: Array<{ sellerSku: string; title: string; prices: Record<string, string>; taxClass: 'standard' | 'reduced' }>;
  notInErp: string[];
  aliases: Record<string, string>;
}

/** Seeds an empty database (one transaction, set by the caller). */
export async function seed(tx: PoolClient, opts: SeedOptions): Promise<void> {
  // the seed inserts records that point at each other: foreign keys are checked at commit
  await tx.query('SET CONSTRAINTS ALL DEFERRED');
  const kind = opts.kind ?? 'demo';
  const cur = seedCurrencies(kind);
  const active = new Set([cur[0]!.code, ...(opts.activeCurrencies ?? defaultActive(kind))]);
  await ins(tx, 'res_currency', cur.map((c, i) => ({ id: i + 1, name: c.code, full_name: c.name, symbol: c.symbol, rounding: 10 ** -c.dp, decimal_places: c.dp, position: c.before ? 'before' : 'after', active: active.has(c.code) })));
  const curId = (code: string) => cur.findIndex((c) => c.code === code) + 1;
  const cs = countries();
  await ins(tx, 'res_country', cs.map(([code, name], i) => ({ id: i + 1, code, name, vat_label: VAT_LABELS[code] ?? null })));
  const countryId = (code: string) => cs.findIndex(([c]) => c === code) + 1;
  const st = Object.entries(states()).flatMap(([cc, list]) => list.map(([code, name]) => ({ code, name, country_id: countryId(cc) })));
  await ins(tx, 'res_country_state', st.map((s, i) => ({ id: i + 1, ...s })));
  await ins(tx, 'res_country_group', [{ id: 1, name: 'European Union', code: 'EU', country_ids: EU.map(countryId), exclude_state_ids: [] }]);
  await ins(tx, 'res_partner', [
    { id: 1, name: 'My Company', is_company: true, type: 'contact', active: true, company_id: 1, country_id: countryId(kind === 'fresh' ? 'US' : 'DE') },
    { id: 2, name: 'OdooBot', is_company: false, type: 'contact', active: false, email: 'odoobot@example.com' },
    { id: 3, name: 'Administrator', is_company: false, type: 'contact', active: true, email: 'admin@yourcompany.example.com', parent_id: null },
    { id: 4, name: 'Public user', is_company: false, type: 'contact', active: false },
    { id: 5, name: 'Default User Template', is_company: false, type: 'contact', active: false },
  ]);
  await ins(tx, 'uom_uom', [{ id: 1, name: 'Units', sequence: 0, rounding: 0.01, relative_factor: 1, active: true },
    { id: 2, name: 'Dozens', sequence: 1, rounding: 0.01, relative_factor: 12, active: true }, { id: 3, name: 'kg', sequence: 10, rounding: 0.01, relative_factor: 1, active: true }]);
  await seedTaxWorld(tx, kind, countryId, curId);
  await tx.query('UPDATE res_partner SET company_id = 1 WHERE id = 1');
  await ins(tx, 'res_users', [{ id: 1, name: 'OdooBot', login: '__system__', partner_id: 2, company_id: 1, active: false, lang: 'en_US' },
    { id: 2, name: 'Administrator', login: 'admin', partner_id: 3, company_id: 1, active: true, lang: 'en_US' }]);
  await tx.query(`UPDATE res_users SET company_ids = '{1}'; UPDATE res_partner SET commercial_partner_id = id`);
  if (opts.companyCountry) {
    for (const t of ['res_company', 'res_partner']) await tx.query(`UPDATE ${t} SET country_id = $1 WHERE id = 1`, [countryId(opts.companyCountry)]);
    await tx.query('UPDATE res_company SET account_fiscal_country_id = country_id WHERE id = 1');
  }
  await ins(tx, 'sandbox_credential', [{ uid: 2, login: 'admin', password: 'admin', api_key: opts.apiKey }]);
  await seedChart(tx);
  await tx.query(`UPDATE res_users SET group_ids = '{30}' WHERE id = 2`);
  await ins(tx, 'crm_team', [{ id: 1, name: 'Sales', sequence: 10, company_id: 1, user_id: 2, active: true }]);
  await ins(tx, 'stock_location', [
    // every key on the first row: `ins` takes the columns from it
    { id: 1, name: 'Physical Locations', complete_name: 'Physical Locations', usage: 'view', location_id: null, company_id: null, active: true, barcode: null },
    { id: 2, name: 'Customers', complete_name: 'Customers', usage: 'customer', active: true },
    { id: 3, name: 'Vendors', complete_name: 'Vendors', usage: 'supplier', active: true },
    { id: 4, name: 'Virtual Locations', complete_name: 'Virtual Locations', usage: 'view', active: true },
    { id: 6, name: 'WH', complete_name: 'WH', usage: 'view', location_id: 1, company_id: 1, active: true },
    { id: 5, name: 'Stock', complete_name: 'WH/Stock', usage: 'internal', location_id: 6, company_id: 1, active: true, barcode: 'WHSTOCK' },
    { id: 7, name: 'Inventory adjustment', complete_name: 'Inventory adjustment', usage: 'inventory', location_id: 4, company_id: 1, active: true },
  ]);
  await ins(tx, 'stock_warehouse', [{ id: 1, name: 'My Company', code: 'WH', sequence: 10, company_id: 1, partner_id: 1, view_location_id: 6, lot_stock_id: 5, active: true }]);
  await ins(tx, 'stock_picking_type', [
    { id: 1, name: 'Receipts', code: 'incoming', sequence_code: 'IN', sequence: 1, warehouse_id: 1, default_location_src_id: 3, default_location_dest_id: 5, company_id: 1, active: true },
    { id: 2, name: 'Delivery Orders', code: 'outgoing', sequence_code: 'OUT', sequence: 2, warehouse_id: 1, default_location_src_id: 5, default_location_dest_id: 2, company_id: 1, active: true },
  ]);
  await tx.query('UPDATE stock_picking_type SET return_picking_type_id = CASE id WHEN 1 THEN 2 ELSE 1 END');
  await tx.query('UPDATE stock_location SET warehouse_id = 1 WHERE id IN (5, 6)');
  await tx.query('UPDATE stock_warehouse SET in_type_id = 1, out_type_id = 2 WHERE id = 1');
  // WH's one-step routes and their rules, as warehouse-create.ts gives a new warehouse
  await ins(tx, 'stock_route', [
    { id: 1, name: 'My Company: Receive in 1 step (stock)', sequence: 9, warehouse_selectable: true, product_selectable: false, company_id: 1, active: true },
    { id: 2, name: 'My Company: Deliver in 1 step (ship)', sequence: 10, warehouse_selectable: true, product_selectable: false, company_id: 1, active: true },
  ]);
  await ins(tx, 'stock_rule', [
    { id: 1, name: 'WH: Vendors → Stock', action: 'pull', sequence: 20, route_id: 1, location_src_id: 3, location_dest_id: 5, picking_type_id: 1, warehouse_id: 1, company_id: 1, active: true },
    { id: 2, name: 'WH: Stock → Customers', action: 'pull', sequence: 20, route_id: 2, location_src_id: 5, location_dest_id: 2, picking_type_id: 2, warehouse_id: 1, company_id: 1, active: true },
  ]);
  await tx.query(`UPDATE stock_warehouse SET route_ids = '{1,2}' WHERE id = 1`);
  for (const t of [1, 2]) await tx.query(`CREATE SEQUENCE IF NOT EXISTS stock_picking_type_seq_${t}`);
  if (opts.products ?? kind === 'demo') await seedProducts(tx, opts.catalogue);
  // serial sequences continue after the explicit ids
  const tables = await tx.query(`SELECT c.relname AS t FROM pg_class c WHERE c.relkind = 'S' AND c.relname LIKE '%\\_id\\_seq'`);
  for (const { t } of tables.rows as Array<{ t: string }>) {
    const table = t.replace(/_id_seq$/, '');
    await tx.query(`SELECT setval('${t}', greatest((SELECT coalesce(max(id), 0) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`);
  }
}

async function seedProducts(tx: PoolClient, cataloguePath: string): Promise<void> {
  const cat = JSON.parse(readFileSync(cataloguePath, 'utf8')) as Catalogue;
  const skip = new Set([...cat.notInErp, ...Object.keys(cat.aliases)]);
  const products = cat.products.filter((p) => !skip.has(p.sellerSku));
  // As the demo's German shop keeps them: a product at the standard rate carries the German 19 %; food and books
  // carry the reduced rate of each country the shop sells to (DE 7 %, FR 5.5 %...: the demo world's price-included
  // taxes, one per country, as Odoo keeps per-country taxes on a product), since "reduced" alone does not say
  // which of a country's reduced rates applies. Without those taxes (a fresh world) the company's default stays.
  const vat = await tx.query<{ id: number; name: string }>(`SELECT id, name FROM account_tax WHERE type_tax_use = 'sale'`);
  const taxId = (cc: string, rate: string) => vat.rows.find((t) => t.name === `${cc} VAT ${rate}% incl.`)?.id;
  const salesTax = (p: Catalogue['products'][number]): number[] => {
    const ids = p.taxClass === 'reduced' ? DEMO_VAT_RATES.map(([cc, [, reduced]]) => taxId(cc, reduced)) : [taxId('DE', '19')];
    return ids.every((id) => id !== undefined) ? (ids as number[]) : [1];
  };
  await ins(tx, 'product_product', products.map((p, i) => ({
    id: i + 1, name: p.title, default_code: p.sellerSku, type: 'consu', is_storable: true, list_price: Number(p.prices.EUR ?? '1'),
    standard_price: 0, taxes_id: salesTax(p), supplier_taxes_id: [2], invoice_policy: 'order', uom_id: 1, sale_ok: true, purchase_ok: true, active: true, company_id: null,
  })));
  // stock on hand: deterministic, a few products without any so that reservations also fail sometimes
  const quants = products.map((p, i) => ({ id: i + 1, product_id: i + 1, location_id: 5, quantity: i % 7 === 6 ? 0 : 500 + ((i * 37) % 10) * 100, reserved_quantity: 0, inventory_quantity: 0, inventory_quantity_set: false, company_id: 1 }));
  await ins(tx, 'stock_quant', quants.filter((q) => q.quantity > 0));
}
