/**
 * The `fresh` seed and the tax world of a new Odoo 19 beyond the set-up recording: tax groups per country, fiscal
 * positions chosen and applied as Odoo does, currency rates and an order's rate, rounding per line vs globally.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;
const country: Record<string, number> = {};
let product: number;

const ok = async (path: string, body: unknown) => {
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const partner = async (vals: Record<string, unknown>): Promise<number> => (await ok('res.partner/create', { vals_list: [vals] }))[0];
const order = async (vals: Record<string, unknown>): Promise<number> => (await ok('sale.order/create', { vals_list: [vals] }))[0];
const readOne = async (model: string, id: number, fields: string[]) => (await ok(`${model}/read`, { ids: [id], fields }))[0];
const fposName = async (id: number) => {
  const fp = (await readOne('sale.order', id, ['fiscal_position_id'])).fiscal_position_id;
  return fp === false ? false : fp[1];
};

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_fresh');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  drop = async () => { await sb.close(); await db.drop(); };
  for (const c of await ok('res.country/search_read', { domain: [['code', 'in', ['US', 'DE', 'FR', 'CH']]], fields: ['code'] })) country[c.code] = c.id;
  product = (await ok('product.product/create', { vals_list: [{ name: 'Widget', default_code: 'W-1', list_price: 100, is_storable: true }] }))[0];
});
afterAll(async () => drop());

describe('the fresh seed (a new Odoo 19, generic chart)', () => {
  it('has a US company in USD with global rounding, only USD active and no products', async () => {
    expect(await readOne('res.company', 1, ['name', 'currency_id', 'country_id', 'account_fiscal_country_id', 'tax_calculation_rounding_method', 'account_price_include']))
      .toEqual({ id: 1, name: 'My Company', currency_id: [expect.any(Number), 'USD'], country_id: [country.US, 'United States'],
        account_fiscal_country_id: [country.US, 'United States'], tax_calculation_rounding_method: 'round_globally', account_price_include: 'tax_excluded' });
    expect((await ok('res.currency/search_read', { domain: [], fields: ['name'] })).map((c: { name: string }) => c.name)).toEqual(['USD']);
    const all = await ok('res.currency/search_read', { domain: [['name', 'in', ['EUR', 'GBP', 'PLN', 'SEK', 'CAD']]], fields: ['name', 'active'], context: { active_test: false } });
    expect(all.map((c: { name: string; active: boolean }) => [c.name, c.active])).toEqual([['CAD', false], ['EUR', false], ['GBP', false], ['PLN', false], ['SEK', false]]);
    expect(await ok('product.product/search_count', { domain: [['id', '!=', product]] })).toBe(0);
    expect(await ok('product.pricelist/search_read', { domain: [], fields: ['display_name'] })).toEqual([{ id: expect.any(Number), display_name: 'Default (USD)' }]);
  });

  it('has the 15 % and 0 % taxes in US tax groups and the two automatic fiscal positions', async () => {
    const taxes = await ok('account.tax/search_read', { domain: [], fields: ['name', 'type_tax_use', 'amount', 'country_id', 'tax_group_id', 'is_domestic', 'original_tax_ids'] });
    expect(taxes.map((t: Record<string, unknown>) => [t.name, t.type_tax_use, t.amount, (t.country_id as [number, string])[1], (t.tax_group_id as [number, string])[1], t.is_domestic]))
      .toEqual([['15%', 'sale', 15, 'United States', 'Tax 15%', true], ['15%', 'purchase', 15, 'United States', 'Tax 15%', true],
        ['0% Exports', 'sale', 0, 'United States', 'Tax 0%', false], ['0% Imports', 'purchase', 0, 'United States', 'Tax 0%', false]]);
    expect(taxes[2].original_tax_ids).toEqual([taxes[0].id]);
    const fps = await ok('account.fiscal.position/search_read', { domain: [], fields: ['name', 'auto_apply', 'country_id', 'is_domestic', 'tax_ids'] });
    expect(fps).toEqual([
      { id: expect.any(Number), name: 'Domestic', auto_apply: true, country_id: [country.US, 'United States'], is_domestic: true, tax_ids: [taxes[0].id, taxes[1].id] },
      { id: expect.any(Number), name: 'Foreign Trade', auto_apply: true, country_id: false, is_domestic: false, tax_ids: [taxes[2].id, taxes[3].id] },
    ]);
  });
});

describe('tax groups', () => {
  it('a tax needs a group of its own country: refused without one, found by itself once it exists, another country refused', async () => {
    const fr = { name: 'FR 20%', amount: 20, type_tax_use: 'sale', country_id: country.FR };
    const missing = await json2(sb, 'account.tax/create', { vals_list: [fr] });
    expect(missing.status).toBe(422);
    expect(missing.body.name).toBe('odoo.exceptions.ValidationError');
    expect(missing.body.message).toContain("Missing required value for the field 'Tax Group' (tax_group_id)");
    const usGroup = (await ok('account.tax.group/search', { domain: [['name', '=', 'Tax 15%']] }))[0];
    const wrong = await json2(sb, 'account.tax/create', { vals_list: [{ ...fr, tax_group_id: usGroup }] });
    expect([wrong.status, wrong.body.name, wrong.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', 'The tax group must have the same country_id as the tax using it.']);
    const [frGroup] = await ok('account.tax.group/create', { vals_list: [{ name: 'VAT FR', country_id: country.FR }] });
    const [tax] = await ok('account.tax/create', { vals_list: [{ ...fr, description: 'TVA 20%' }] });
    expect(await readOne('account.tax', tax, ['tax_group_id', 'description', 'is_domestic', 'fiscal_position_ids', 'price_include']))
      .toEqual({ id: tax, tax_group_id: [frGroup, 'VAT FR'], description: '<div>TVA 20%</div>', is_domestic: true, fiscal_position_ids: [], price_include: false });
    const again = await json2(sb, 'account.tax/create', { vals_list: [{ ...fr }] });
    expect([again.status, again.body.name, again.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', 'Tax names must be unique!\n- FR 20% in My Company']);
    // a group created without country takes the company's fiscal country
    const [g] = await ok('account.tax.group/create', { vals_list: [{ name: 'Other' }] });
    expect((await readOne('account.tax.group', g, ['country_id'])).country_id).toEqual([country.US, 'United States']);
  });

  it('price_include follows the company default unless the tax overrides it', async () => {
    const [tax] = await ok('account.tax/search', { domain: [['name', '=', '15%'], ['type_tax_use', '=', 'sale']] });
    await ok('res.company/write', { ids: [1], vals: { account_price_include: 'tax_included' } });
    expect((await readOne('account.tax', tax, ['price_include'])).price_include).toBe(true);
    await ok('res.company/write', { ids: [1], vals: { account_price_include: 'tax_excluded' } });
    expect((await readOne('account.tax', tax, ['price_include'])).price_include).toBe(false);
  });
});

describe('fiscal positions on sales orders', () => {
  it('picks Domestic at home, Foreign Trade abroad, none without country; a country beats a group, a group beats none', async () => {
    const us = await partner({ name: 'Home Inc', country_id: country.US });
    const de = await partner({ name: 'Kunde', country_id: country.DE });
    const nowhere = await partner({ name: 'Nobody' });
    const line = [[0, 0, { product_id: product, product_uom_qty: 1 }]];
    expect(await fposName(await order({ partner_id: us, order_line: line }))).toBe('Domestic');
    expect(await fposName(await order({ partner_id: de, order_line: line }))).toBe('Foreign Trade');
    expect(await fposName(await order({ partner_id: nowhere, order_line: line }))).toBe(false);
    const [eu] = await ok('res.country.group/search', { domain: [['name', '=', 'European Union']] });
    await ok('account.fiscal.position/create', { vals_list: [{ name: 'EU B2C', auto_apply: true, country_group_id: eu, sequence: 5 }] });
    expect(await fposName(await order({ partner_id: de, order_line: line }))).toBe('EU B2C');
    await ok('account.fiscal.position/create', { vals_list: [{ name: 'Germany', auto_apply: true, country_id: country.DE, sequence: 20 }] });
    expect(await fposName(await order({ partner_id: de, order_line: line }))).toBe('Germany');
    // a Swiss customer is in neither: the catch-all
    const ch = await partner({ name: 'Kunde CH', country_id: country.CH });
    expect(await fposName(await order({ partner_id: ch, order_line: line }))).toBe('Foreign Trade');
  });

  it('applies a VAT-required position only to customers with a VAT number, and the customer\'s own position first', async () => {
    await ok('account.fiscal.position/create', { vals_list: [{ name: 'Swiss B2B', auto_apply: true, vat_required: true, country_id: country.CH }] });
    const line = [[0, 0, { product_id: product, product_uom_qty: 1 }]];
    const b2c = await partner({ name: 'CH private', country_id: country.CH });
    const b2b = await partner({ name: 'CH AG', country_id: country.CH, vat: 'CHE123456789', is_company: true });
    expect(await fposName(await order({ partner_id: b2c, order_line: line }))).toBe('Foreign Trade');
    expect(await fposName(await order({ partner_id: b2b, order_line: line }))).toBe('Swiss B2B');
    const [domestic] = await ok('account.fiscal.position/search', { domain: [['name', '=', 'Domestic']] });
    const own = await partner({ name: 'CH special', country_id: country.CH, property_account_position_id: domestic });
    expect(await fposName(await order({ partner_id: own, order_line: line }))).toBe('Domestic');
  });

  it('maps the product taxes of lines without taxes, never explicit ones, keeps false, and a later write leaves the lines alone', async () => {
    const ch = await partner({ name: 'Kunde Basel', country_id: country.CH, city: 'Basel' });
    const [t15, t0] = await ok('account.tax/search', { domain: [['type_tax_use', '=', 'sale'], ['country_id', '=', country.US]] });
    const o = await order({ partner_id: ch, order_line: [[0, 0, { product_id: product }], [0, 0, { product_id: product, tax_ids: [[6, 0, [t15]]] }]] });
    const lines = async (id: number) => (await ok('sale.order.line/search_read', { domain: [['order_id', '=', id]], fields: ['tax_ids'] })).map((l: { tax_ids: number[] }) => l.tax_ids);
    expect(await lines(o)).toEqual([[t0], [t15]]);
    // Odoo 19: a position without taxes of its own ("Germany" above) removes every tax
    const de = await partner({ name: 'Kunde Köln', country_id: country.DE });
    expect(await lines(await order({ partner_id: de, order_line: [[0, 0, { product_id: product }]] }))).toEqual([[]]);
    const o2 = await order({ partner_id: de, fiscal_position_id: false, order_line: [[0, 0, { product_id: product }]] });
    expect([await fposName(o2), await lines(o2)]).toEqual([false, [[t15]]]);
    await ok('sale.order/write', { ids: [o2], vals: { fiscal_position_id: (await ok('account.fiscal.position/search', { domain: [['name', '=', 'Foreign Trade']] }))[0] } });
    expect(await lines(o2)).toEqual([[t15]]);
    // a new customer: the position is detected again, the lines keep their taxes
    const us = await partner({ name: 'Back home', country_id: country.US });
    await ok('sale.order/write', { ids: [o], vals: { partner_id: us, partner_shipping_id: us } });
    expect([await fposName(o), await lines(o)]).toEqual(['Domestic', [[t0], [t15]]]);
  });
});

describe('currencies and rates', () => {
  it('stores one rate per day, computes rate/inverse_rate, and gives orders the rate of their date (kept afterwards)', async () => {
    const [eur] = await ok('res.currency/search', { domain: [['name', '=', 'EUR']], context: { active_test: false } });
    await ok('res.currency/write', { ids: [eur], vals: { active: true } });
    const [pl] = await ok('product.pricelist/create', { vals_list: [{ name: 'EUR', currency_id: eur }] });
    const c = await partner({ name: 'Rate customer', country_id: country.US });
    const line = [[0, 0, { product_id: product, product_uom_qty: 1, price_unit: 100 }]];
    const noRate = await order({ partner_id: c, pricelist_id: pl, currency_id: 1, order_line: line });
    expect(await readOne('sale.order', noRate, ['currency_id', 'currency_rate'])).toEqual({ id: noRate, currency_id: [eur, 'EUR'], currency_rate: 1 });
    await ok('res.currency.rate/create', { vals_list: [{ currency_id: eur, name: '2026-01-10', rate: 0.8 }, { currency_id: eur, name: '2026-03-01', rate: 0.9 }] });
    const dup = await json2(sb, 'res.currency.rate/create', { vals_list: [{ currency_id: eur, name: '2026-03-01', rate: 0.91 }] });
    expect([dup.status, dup.body.name, dup.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', 'Only one currency rate per day allowed!']);
    expect(await readOne('res.currency', eur, ['rate', 'inverse_rate'])).toEqual({ id: eur, rate: 0.9, inverse_rate: 1 / 0.9 });
    expect((await ok('res.currency/read', { ids: [eur], fields: ['rate'], context: { date: '2026-02-01' } }))[0].rate).toBe(0.8);
    const early = await order({ partner_id: c, pricelist_id: pl, date_order: '2025-12-31 10:00:00', order_line: line });
    const feb = await order({ partner_id: c, pricelist_id: pl, date_order: '2026-02-15 10:00:00', order_line: line });
    expect([(await readOne('sale.order', early, ['currency_rate'])).currency_rate, (await readOne('sale.order', feb, ['currency_rate'])).currency_rate]).toEqual([0.8, 0.8]);
    await ok('res.currency.rate/create', { vals_list: [{ currency_id: eur, name: '2026-02-01', rate: 0.85 }] });
    expect((await readOne('sale.order', feb, ['currency_rate'])).currency_rate).toBe(0.8);
    await ok('sale.order/write', { ids: [feb], vals: { date_order: '2026-02-16 10:00:00' } });
    expect((await readOne('sale.order', feb, ['currency_rate'])).currency_rate).toBe(1 / (1 / 0.85));
  });
});

describe('dates and rounding', () => {
  it('overwrites date_order on confirmation and accepts it written back', async () => {
    const c = await partner({ name: 'Date customer', country_id: country.US });
    const o = await order({ partner_id: c, date_order: '2026-01-05 08:00:00', order_line: [[0, 0, { product_id: product }]] });
    await ok('sale.order/action_confirm', { ids: [o] });
    expect((await readOne('sale.order', o, ['date_order'])).date_order).not.toBe('2026-01-05 08:00:00');
    expect(await ok('sale.order/write', { ids: [o], vals: { date_order: '2026-01-05 08:00:00' } })).toBe(true);
    expect((await readOne('sale.order', o, ['date_order'])).date_order).toBe('2026-01-05 08:00:00');
  });

  it('sums the tax unrounded per tax when rounding globally, and rounds each line first when rounding per line', async () => {
    const c = await partner({ name: 'Rounding customer', country_id: country.US });
    const [t15] = await ok('account.tax/search', { domain: [['type_tax_use', '=', 'sale'], ['amount', '=', 15], ['country_id', '=', country.US]] });
    // three lines of 0.10 at 15 %: 0.015 each -> 0.045 -> 0.05 globally, 3 x 0.02 = 0.06 per line
    const lines = [1, 2, 3].map(() => [0, 0, { product_id: product, price_unit: 0.1, tax_ids: [[6, 0, [t15]]] }]);
    await ok('res.company/write', { ids: [1], vals: { tax_calculation_rounding_method: 'round_globally' } });
    const g = await order({ partner_id: c, order_line: lines });
    await ok('res.company/write', { ids: [1], vals: { tax_calculation_rounding_method: 'round_per_line' } });
    const p = await order({ partner_id: c, order_line: lines });
    expect((await readOne('sale.order', g, ['amount_tax'])).amount_tax).toBe(0.05);
    expect((await readOne('sale.order', p, ['amount_tax'])).amount_tax).toBe(0.06);
    await ok('res.company/write', { ids: [1], vals: { tax_calculation_rounding_method: 'round_globally' } });
  });
});
