/** The sandbox beyond the recordings: searches, seed, stats, Odoo 18 mode, JSON-RPC details, taxes on orders. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let sb18: RunningErpSandbox;
const drops: Array<() => Promise<void>> = [];

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_api');
  const db18 = await createTestDatabase(inject('pgAdminUrl'), 'erp_api18');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, apiKey: 'test-key-0123456789' });
  sb18 = await startErpSandbox({ databaseUrl: db18.url, port: 0, version: 18, seed: { activeCurrencies: ['EUR', 'SEK'] } });
  drops.push(async () => { await sb.close(); await db.drop(); }, async () => { await sb18.close(); await db18.drop(); });
});
afterAll(async () => {
  for (const d of drops) await d();
});

describe('ERP sandbox (Odoo 19)', () => {
  it('seeds the catalogue products except the SKUs missing on purpose and the aliases', async () => {
    const r = await json2(sb, 'product.product/search_read', { domain: [['default_code', 'in', ['MUG-CER-BLUE', 'LIMITED-GOLD-MUG', 'MUG-CER-BLUE-FBA']]], fields: ['default_code', 'is_storable', 'list_price', 'taxes_id'] });
    const taxes = await json2(sb, 'account.tax/search_read', { domain: [['country_id.code', '=', 'DE'], ['amount', '=', 19]], fields: ['name', 'price_include_override', 'price_include', 'amount_type'] });
    expect(taxes.body).toEqual([{ id: expect.any(Number), name: 'DE VAT 19% incl.', price_include_override: 'tax_included', price_include: true, amount_type: 'percent' }]);
    // each product carries its sales tax: a mug the German 19 %, tea the reduced rate of each marketplace country
    expect(r.body).toEqual([{ id: expect.any(Number), default_code: 'MUG-CER-BLUE', is_storable: true, list_price: 12.9, taxes_id: [taxes.body[0].id] }]);
    const tea = await json2(sb, 'product.product/search_read', { domain: [['default_code', '=', 'TEA-EARLGREY-100']], fields: ['taxes_id'] });
    const teaTaxes = (await json2(sb, 'account.tax/read', { ids: tea.body[0].taxes_id, fields: ['name'] })).body;
    expect(teaTaxes.map((t: { name: string }) => t.name)).toEqual(['DE VAT 7% incl.', 'FR VAT 5.5% incl.', 'IT VAT 10% incl.', 'GB VAT 5% incl.', 'SE VAT 12% incl.', 'PL VAT 8% incl.']);
    const cur = await json2(sb, 'res.currency/search_read', { domain: [['name', 'in', ['EUR', 'SEK', 'PLN']]], fields: ['name', 'active'], context: { active_test: false }, order: 'name' });
    expect(cur.body.map((c: { name: string; active: boolean }) => [c.name, c.active])).toEqual([['EUR', true], ['PLN', true], ['SEK', false]]);
  });

  it('evaluates domains with | and !, limit, offset, order and search_count', async () => {
    await json2(sb, 'res.partner/create', { vals_list: [
      { name: 'Zoë Müller', email: 'zoe@example.com', country_id: 1 }, { name: 'Anna', email: 'anna@example.com' }, { name: 'Bert' },
    ] });
    const names = await json2(sb, 'res.partner/search_read', {
      domain: ['|', ['email', 'ilike', 'EXAMPLE.com'], '!', ['name', '!=', 'Bert']], fields: ['name'], order: 'name desc',
    });
    expect(names.body.map((p: { name: string }) => p.name)).toEqual(['Zoë Müller', 'Bert', 'Anna']);
    const page = await json2(sb, 'res.partner/search', { domain: [['email', '!=', false]], order: 'name', limit: 1, offset: 1 });
    expect(page.body).toHaveLength(1);
    expect((await json2(sb, 'res.partner/search_count', { domain: [['name', 'in', ['Anna', 'Bert']]] })).body).toBe(2);
  });

  it('computes price-included VAT and discounts on order lines, and answers amounts as numbers', async () => {
    const [partner] = (await json2(sb, 'res.partner/create', { vals_list: [{ name: 'VAT buyer' }] })).body;
    const [prod] = (await json2(sb, 'product.product/search', { domain: [['default_code', '=', 'MUG-CER-BLUE']] })).body;
    const [tax] = (await json2(sb, 'account.tax/search', { domain: [['name', '=', 'DE VAT 19% incl.']] })).body;
    const [so] = (await json2(sb, 'sale.order/create', { vals_list: [{ partner_id: partner, client_order_ref: '305-0000000-0000001', order_line: [
      [0, 0, { product_id: prod, product_uom_qty: 2, price_unit: 12.9, tax_ids: [[6, 0, [tax]]] }],
      [0, 0, { product_id: prod, product_uom_qty: 1, price_unit: 10, discount: 10, tax_ids: [] }],
    ] }] })).body;
    const read = await json2(sb, 'sale.order/read', { ids: [so], fields: ['amount_untaxed', 'amount_tax', 'amount_total', 'currency_id', 'state', 'partner_shipping_id'] });
    // 25.80 incl. 19 % -> 21.68 + 4.12; 10.00 - 10 % = 9.00 untaxed
    expect(read.body[0]).toMatchObject({ amount_untaxed: 30.68, amount_tax: 4.12, amount_total: 34.8, currency_id: [1, 'EUR'], state: 'draft', partner_shipping_id: [partner, 'VAT buyer'] });
    const before = (await json2(sb, 'sale.order/read', { ids: [so], fields: ['write_date'] })).body[0].write_date;
    await new Promise((r) => setTimeout(r, 1100));
    expect((await json2(sb, 'sale.order/write', { ids: [so], vals: { note: 'edited in the ERP' } })).body).toBe(true);
    const after = (await json2(sb, 'sale.order/read', { ids: [so], fields: ['write_date'] })).body[0].write_date;
    expect(after > before).toBe(true);
  });

  it('answers errors in Odoo\'s shapes: bad key 401, unknown field 500, unknown method, missing record', async () => {
    const bad = await fetch(`${sb.url}/json/2/res.partner/search`, { method: 'POST', headers: { authorization: 'bearer nope', 'content-type': 'application/json' }, body: '{}' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { name: string }).name).toBe('werkzeug.exceptions.Unauthorized');
    const r = await json2(sb, 'sale.order/search_read', { domain: [['nope', '=', 1]] });
    expect([r.status, r.body.name, r.body.message]).toEqual([500, 'builtins.ValueError', "Invalid field 'nope' in 'sale.order'"]);
    const w = await json2(sb, 'res.partner/write', { ids: [987654], vals: { name: 'x' } });
    expect(w.body.name).toBe('odoo.exceptions.MissingError');
  });

  it('refuses an order line with a product that does not exist as Odoo does (MissingError), creating nothing', async () => {
    const [partner] = (await json2(sb, 'res.partner/create', { vals_list: [{ name: 'Unknown product buyer' }] })).body;
    const r = await json2(sb, 'sale.order/create', { vals_list: [{ partner_id: partner, client_order_ref: 'UNKNOWN-PRODUCT-1', order_line: [[0, 0, { product_id: 987654, product_uom_qty: 1, price_unit: 1 }]] }] });
    expect([r.status, r.body.name, r.body.message]).toEqual([404, 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: product.product(987654,), User: 2)']);
    expect((await json2(sb, 'sale.order/search_count', { domain: [['client_order_ref', '=', 'UNKNOWN-PRODUCT-1']] })).body).toBe(0);
  });

  it('counts calls per model.method without authentication, with the time spent', async () => {
    await fetch(`${sb.url}/_sandbox/stats/reset`, { method: 'POST' });
    await json2(sb, 'res.users/context_get');
    await json2(sb, 'res.partner/search', { domain: [] });
    await executeKw(sb, 'res.partner', 'search_count', [[]]);
    await fetch(`${sb.url}/web/version`);
    const stats = (await (await fetch(`${sb.url}/_sandbox/stats`)).json()) as { total: number; calls: Record<string, number>; busyMs: number };
    expect(stats.total).toBe(2);
    expect(stats.calls).toEqual({ 'res.partner.search': 1, 'res.partner.search_count': 1 });
    expect(stats.busyMs).toBeGreaterThan(0);
    expect(sb.stats().total).toBe(2);
  });

  it('returns an int for create with a dict over JSON-RPC and a list for a list', async () => {
    expect((await executeKw(sb, 'res.partner', 'create', [{ name: 'one' }])).result).toEqual(expect.any(Number));
    expect((await executeKw(sb, 'res.partner', 'create', [[{ name: 'two' }]])).result).toEqual([expect.any(Number)]);
  });
});

describe('ERP sandbox presenting itself as Odoo 18', () => {
  it('has no JSON-2 and says 18.0', async () => {
    expect((await json2(sb18, 'res.partner/search')).status).toBe(404);
    expect(await (await fetch(`${sb18.url}/web/version`)).json()).toEqual({ version_info: [18, 0, 0, 'final', 0, ''], version: '18.0' });
  });

  it('names the order line fields tax_id and product_uom', async () => {
    const partner = (await executeKw(sb18, 'res.partner', 'create', [{ name: 'Old' }])).result;
    const [prod] = (await executeKw(sb18, 'product.product', 'search', [[['default_code', '=', 'MUG-CER-RED']]])).result;
    const so = (await executeKw(sb18, 'sale.order', 'create', [{ partner_id: partner, order_line: [[0, 0, { product_id: prod, product_uom_qty: 1, price_unit: 20, tax_id: [[6, 0, [1]]] }]] }])).result;
    const lines = (await executeKw(sb18, 'sale.order.line', 'search_read', [[['order_id', '=', so]]], { fields: ['tax_id', 'product_uom', 'price_total'] })).result;
    expect(lines).toEqual([{ id: expect.any(Number), tax_id: [1], product_uom: [1, 'Units'], price_total: 23 }]);
    const wrong = await executeKw(sb18, 'sale.order.line', 'read', [lines.map((l: { id: number }) => l.id)], { fields: ['tax_ids'] });
    expect(wrong.error.data.name).toBe('builtins.ValueError');
    const sek = (await executeKw(sb18, 'res.currency', 'search_read', [[['name', '=', 'SEK']]], { fields: ['active'] })).result;
    expect(sek).toEqual([{ id: expect.any(Number), active: true }]);
  });
});
