/**
 * The sandbox as a real Odoo 19 answers beyond the recordings: domain operators (=?, child_of, parent_of, any,
 * not any), searchable computed fields, fields_get's attributes and fields, currency decimals from the rounding,
 * precisions on write, Odoo's refusals (accountable lines, missing records, sent quotations) and many2one orders.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let sb: RunningErpSandbox;
let drop: () => Promise<void>;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_fidelity');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0 });
  drop = async () => { await sb.close(); await db.drop(); };
});
afterAll(async () => drop());

/** JSON-2 call that must succeed; answers the body. */
async function ok(path: string, body: unknown = {}): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const r = await json2(sb, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}
const create = async (model: string, vals: object): Promise<number> => (await ok(`${model}/create`, { vals_list: [vals] }))[0];
const search = async (model: string, domain: unknown[], order?: string): Promise<number[]> => ok(`${model}/search`, { domain, ...(order ? { order } : {}) });
const productId = async (sku: string): Promise<number> => (await search('product.product', [['default_code', '=', sku]]))[0]!;

describe('domain operators', () => {
  it('child_of and parent_of walk the parent hierarchy, by id, ids or name', async () => {
    const company = await create('res.partner', { name: 'Hierarchy GmbH', is_company: true });
    const contact = await create('res.partner', { name: 'Hanna', parent_id: company });
    const address = await create('res.partner', { name: 'Hanna Home', type: 'delivery', parent_id: contact });
    const other = await create('res.partner', { name: 'Elsewhere' });
    const mine = [company, contact, address, other];
    expect(await search('res.partner', [['id', 'child_of', company], ['id', 'in', mine]], 'id')).toEqual([company, contact, address]);
    expect(await search('res.partner', [['id', 'child_of', [contact, other]], ['id', 'in', mine]], 'id')).toEqual([contact, address, other]);
    expect(await search('res.partner', [['id', 'parent_of', address], ['id', 'in', mine]], 'id')).toEqual([company, contact, address]);
    expect(await search('res.partner', [['parent_id', 'child_of', company]], 'id')).toEqual([contact, address]);
    expect(await search('res.partner', [['id', 'child_of', 'Hierarchy GmbH'], ['id', 'in', mine]], 'id')).toEqual([company, contact, address]);
    expect(await search('res.partner', [['id', 'child_of', []]])).toEqual([]);
    // a product category tree: products of a category and its sub-categories
    const all = await create('product.category', { name: 'Fidelity All' });
    const mugs = await create('product.category', { name: 'Mugs', parent_id: all });
    expect((await ok('product.category/read', { ids: [mugs], fields: ['display_name'] }))[0].display_name).toBe('Fidelity All / Mugs');
    const mug = await productId('MUG-CER-BLUE');
    await ok('product.product/write', { ids: [mug], vals: { categ_id: mugs } });
    expect(await search('product.product', [['categ_id', 'child_of', all]])).toEqual([mug]);
    expect(await search('product.product', [['categ_id', 'parent_of', all]])).toEqual([]);
  });

  it('=? is true for a falsy value and = otherwise', async () => {
    const p = await create('res.partner', { name: 'Equal If', email: 'equal-if@example.com' });
    const all = await ok('res.partner/search_count', { domain: [] });
    for (const falsy of [false, null, '', 0]) expect(await ok('res.partner/search_count', { domain: [['email', '=?', falsy]] })).toBe(all);
    expect(await search('res.partner', [['email', '=?', 'equal-if@example.com']])).toEqual([p]);
  });

  it('any / not any filter on a sub-domain over one2many and many2one fields', async () => {
    const buyer = await create('res.partner', { name: 'Any Buyer', city: 'Anytown' });
    const [blue, red] = [await productId('MUG-CER-BLUE'), await productId('MUG-CER-RED')];
    const withBlue = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: blue, product_uom_qty: 1 }]] });
    const withRed = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: red, product_uom_qty: 3 }]] });
    const mine = ['id', 'in', [withBlue, withRed]];
    expect(await search('sale.order', [mine, ['order_line', 'any', [['product_id.default_code', '=', 'MUG-CER-BLUE']]]])).toEqual([withBlue]);
    expect(await search('sale.order', [mine, ['order_line', 'not any', [['product_uom_qty', '>', 2]]]])).toEqual([withBlue]);
    expect(await search('sale.order', [mine, ['partner_id', 'any', [['city', '=', 'Anytown']]]], 'id')).toEqual([withBlue, withRed]);
    expect(await search('sale.order', [mine, ['partner_id', 'not any', [['city', '=', 'Anytown']]]])).toEqual([]);
    // an empty many2one has no related record: `not any` keeps it
    const noParent = await create('res.partner', { name: 'Orphan' });
    expect(await search('res.partner', [['id', '=', noParent], ['parent_id', 'not any', [['name', '!=', false]]]])).toEqual([noParent]);
    const bad = await json2(sb, 'res.partner/search', { domain: [['name', 'any', []]] });
    expect([bad.status, bad.body.name]).toEqual([500, 'builtins.ValueError']);
  });
});

describe('computed fields Odoo stores or can search', () => {
  it('searches and sorts by invoice_status, qty_delivered and picking_ids, and filters products by qty_available', async () => {
    const buyer = await create('res.partner', { name: 'Status Buyer' });
    const mug = await productId('MUG-CER-BLUE');
    const draft = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: mug, product_uom_qty: 1 }]] });
    const sold = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: mug, product_uom_qty: 1 }]] });
    await ok('sale.order/action_confirm', { ids: [sold] });
    const mine = ['id', 'in', [draft, sold]];
    expect(await search('sale.order', [mine, ['invoice_status', '=', 'to invoice']])).toEqual([sold]);
    expect(await search('sale.order', [mine, ['invoice_status', 'in', ['no']]])).toEqual([draft]);
    expect(await search('sale.order', [mine], 'invoice_status desc')).toEqual([sold, draft]);
    expect(await search('sale.order.line', [['order_id', '=', sold], ['invoice_status', '=', 'to invoice']])).toHaveLength(1);
    expect(await search('sale.order', [mine, ['picking_ids', '!=', false]])).toEqual([sold]);
    expect(await search('sale.order', [mine, ['picking_ids.state', '=', 'assigned']])).toEqual([sold]);
    const [picking] = (await ok('sale.order/read', { ids: [sold], fields: ['picking_ids'] }))[0].picking_ids;
    expect(await search('sale.order.line', [['order_id', '=', sold], ['qty_delivered', '>', 0]])).toEqual([]);
    await ok('stock.picking/button_validate', { ids: [picking] });
    const [line] = await search('sale.order.line', [['order_id', '=', sold], ['qty_delivered', '=', 1]]);
    expect(line).toEqual(expect.any(Number));
    expect(await search('product.product', [['default_code', '=', 'MUG-CER-BLUE'], ['qty_available', '>', 0]])).toEqual([mug]);
    expect(await search('product.product', [['default_code', '=', 'MUG-CER-BLUE'], ['qty_available', '>', 1e9]])).toEqual([]);
    // qty_available is computed without storage in Odoo: searchable, not sortable
    const unsortable = await json2(sb, 'product.product/search', { domain: [], order: 'qty_available' });
    expect([unsortable.status, unsortable.body.name]).toEqual([500, 'builtins.ValueError']);
  });
});

describe('fields_get', () => {
  it('describes fields with Odoo attributes, including the ones a mapping editor needs', async () => {
    const so = await ok('sale.order/fields_get', { allfields: ['fiscal_position_id', 'payment_term_id', 'tax_totals', 'invoice_status', 'amount_total', 'picking_ids'] });
    expect(so.fiscal_position_id).toEqual({ type: 'many2one', string: 'Fiscal Position', relation: 'account.fiscal.position', required: false, readonly: false,
      store: true, searchable: true, sortable: true, groupable: true, name: 'fiscal_position_id' });
    expect(so.payment_term_id).toMatchObject({ type: 'many2one', relation: 'account.payment.term' });
    expect(so.tax_totals).toMatchObject({ type: 'binary', store: false, searchable: false, sortable: false, readonly: true });
    expect(so.invoice_status).toMatchObject({ type: 'selection', store: true, searchable: true, sortable: true, readonly: true });
    expect(so.amount_total).toMatchObject({ type: 'monetary', currency_field: 'currency_id' });
    expect(so.picking_ids).toMatchObject({ type: 'one2many', relation: 'stock.picking', relation_field: 'sale_id', sortable: false });
    const line = await ok('sale.order.line/fields_get', { allfields: ['price_unit', 'product_uom_qty', 'qty_delivered'], attributes: ['digits', 'store'] });
    expect(line).toEqual({ price_unit: { digits: [16, 2], store: true }, product_uom_qty: { digits: [16, 2], store: true }, qty_delivered: { digits: [16, 2], store: true } });
    const prod = await ok('product.product/fields_get', { allfields: ['categ_id', 'lst_price', 'product_tmpl_id', 'qty_available'] });
    expect(prod.categ_id).toMatchObject({ type: 'many2one', relation: 'product.category' });
    expect(prod.lst_price).toMatchObject({ type: 'float', store: false, readonly: false, digits: [16, 2] });
    expect(prod.product_tmpl_id).toMatchObject({ type: 'many2one', relation: 'product.template', store: true });
    expect(prod.qty_available).toMatchObject({ store: false, searchable: true, sortable: false });
    expect((await ok('res.partner/fields_get', { allfields: ['commercial_partner_id'] })).commercial_partner_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
    expect((await ok('account.move/fields_get', { allfields: ['commercial_partner_id'] })).commercial_partner_id).toMatchObject({ store: true, searchable: true });
  });

  it('reads and writes the listed fields: lst_price, product_tmpl_id, tax_totals, commercial_partner_id', async () => {
    const mug = await productId('MUG-CER-RED');
    await ok('product.product/write', { ids: [mug], vals: { lst_price: 21.5 } });
    const [p] = await ok('product.product/read', { ids: [mug], fields: ['lst_price', 'list_price', 'product_tmpl_id'] });
    expect(p).toEqual({ id: mug, lst_price: 21.5, list_price: 21.5, product_tmpl_id: [mug, expect.stringContaining('MUG-CER-RED')] });
    expect(await search('product.template', [['default_code', '=', 'MUG-CER-RED']])).toEqual([mug]);
    const buyer = await create('res.partner', { name: 'Totals Buyer' });
    const so = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: mug, product_uom_qty: 2, price_unit: 10, tax_ids: [[6, 0, [1]]] }]] });
    const [read] = await ok('sale.order/read', { ids: [so], fields: ['tax_totals', 'amount_total'] });
    expect(read.tax_totals).toMatchObject({
      currency_id: 1, has_tax_groups: true, base_amount_currency: 20, tax_amount_currency: 3, total_amount_currency: 23, same_tax_base: true,
      subtotals: [{ name: 'Untaxed Amount', base_amount_currency: 20, tax_amount_currency: 3, tax_groups: [expect.objectContaining({ involved_tax_ids: [1], tax_amount_currency: 3, base_amount_currency: 20 })] }],
    });
  });
});

describe('amounts and precisions', () => {
  it('derives decimal places from the rounding and computes three-decimal amounts (KWD)', async () => {
    const [kwd] = await ok('res.currency/search_read', { domain: [['name', '=', 'KWD']], fields: ['rounding', 'decimal_places'], context: { active_test: false } });
    expect(kwd).toMatchObject({ rounding: 0.001, decimal_places: 3 });
    const [jpy] = await ok('res.currency/search_read', { domain: [['name', '=', 'JPY']], fields: ['rounding', 'decimal_places'], context: { active_test: false } });
    expect(jpy).toMatchObject({ rounding: 1, decimal_places: 0 });
    const bhd = (await search('res.currency', [['name', '=', 'BHD'], ['active', 'in', [true, false]]]))[0]!;
    await ok('res.currency/write', { ids: [bhd], vals: { rounding: 0.01 } });
    expect((await ok('res.currency/read', { ids: [bhd], fields: ['decimal_places'] }))[0].decimal_places).toBe(2);
    await ok('res.currency/write', { ids: [kwd.id], vals: { active: true } });
    const pricelist = await create('product.pricelist', { name: 'Kuwait', currency_id: kwd.id });
    const buyer = await create('res.partner', { name: 'Kuwait Buyer' });
    const so = await create('sale.order', { partner_id: buyer, pricelist_id: pricelist, order_line: [
      [0, 0, { product_id: await productId('MUG-CER-BLUE'), product_uom_qty: 1, price_unit: 10.5, tax_ids: [[6, 0, [1]]] }],
    ] });
    const [o] = await ok('sale.order/read', { ids: [so], fields: ['currency_id', 'amount_untaxed', 'amount_tax', 'amount_total'] });
    expect(o).toEqual({ id: so, currency_id: [kwd.id, 'KWD'], amount_untaxed: 10.5, amount_tax: 1.575, amount_total: 12.075 });
  });

  it('rounds prices and quantities to their decimal precision on create and write (half up)', async () => {
    const buyer = await create('res.partner', { name: 'Precision Buyer' });
    const so = await create('sale.order', { partner_id: buyer, order_line: [
      [0, 0, { product_id: await productId('MUG-CER-BLUE'), product_uom_qty: 1.005, price_unit: 12.345, discount: 3.333, tax_ids: [] }],
    ] });
    const [line] = await ok('sale.order.line/search_read', { domain: [['order_id', '=', so]], fields: ['price_unit', 'product_uom_qty', 'discount'] });
    expect(line).toMatchObject({ price_unit: 12.35, product_uom_qty: 1.01, discount: 3.33 });
    await ok('sale.order.line/write', { ids: [line.id], vals: { price_unit: 2.675 } });
    expect((await ok('sale.order.line/read', { ids: [line.id], fields: ['price_unit'] }))[0].price_unit).toBe(2.68);
  });
});

describe("Odoo's refusals", () => {
  it('refuses an accountable line without a product (create and write)', async () => {
    const buyer = await create('res.partner', { name: 'No Product Buyer' });
    const r = await json2(sb, 'sale.order/create', { vals_list: [{ partner_id: buyer, client_order_ref: 'NO-PRODUCT-1', order_line: [[0, 0, { name: 'Shipping', price_unit: 4.99 }]] }] });
    expect([r.status, r.body.name, r.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', 'The operation cannot be completed: Missing required fields on accountable sale order line.']);
    expect(await ok('sale.order/search_count', { domain: [['client_order_ref', '=', 'NO-PRODUCT-1']] })).toBe(0);
    const note = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { name: 'A note', display_type: 'line_note', product_uom_qty: 0, price_unit: 0 }]] });
    expect(note).toEqual(expect.any(Number));
    const so = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: await productId('MUG-CER-BLUE') }]] });
    const [lineId] = await search('sale.order.line', [['order_id', '=', so]]);
    const w = await json2(sb, 'sale.order.line/write', { ids: [lineId], vals: { product_id: false } });
    expect([w.status, w.body.name]).toEqual([422, 'odoo.exceptions.ValidationError']);
  });

  it('confirming an order that does not exist is a MissingError over JSON-2 and JSON-RPC, and confirms nothing', async () => {
    const buyer = await create('res.partner', { name: 'Missing Buyer' });
    const real = await create('sale.order', { partner_id: buyer, order_line: [[0, 0, { product_id: await productId('MUG-CER-BLUE') }]] });
    const r = await json2(sb, 'sale.order/action_confirm', { ids: [real, 987654] });
    expect([r.status, r.body.name, r.body.message]).toEqual([404, 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: sale.order(987654,), User: 2)']);
    expect((await ok('sale.order/read', { ids: [real], fields: ['state'] }))[0].state).toBe('draft');
    for (const method of ['action_cancel', 'action_draft', 'action_quotation_sent']) {
      expect((await json2(sb, `sale.order/${method}`, { ids: [987654] })).body.name).toBe('odoo.exceptions.MissingError');
    }
    const rpc = await executeKw(sb, 'sale.order', 'action_confirm', [[987654]]);
    expect([rpc.error.data.name, rpc.error.data.message]).toEqual(['odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: sale.order(987654,), User: 2)']);
  });

  it('an order for (or moved to) a partner that does not exist is a MissingError', async () => {
    const r = await json2(sb, 'sale.order/create', { vals_list: [{ partner_id: 987655, client_order_ref: 'NO-PARTNER-1' }] });
    expect([r.status, r.body.name, r.body.message]).toEqual([404, 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: res.partner(987655,), User: 2)']);
    const rpc = await executeKw(sb, 'sale.order', 'create', [{ partner_id: 987655 }]);
    expect(rpc.error.data.name).toBe('odoo.exceptions.MissingError');
    const so = await create('sale.order', { partner_id: await create('res.partner', { name: 'Real Buyer' }) });
    const w = await json2(sb, 'sale.order/write', { ids: [so], vals: { partner_id: 987655 } });
    expect([w.status, w.body.name, w.body.message]).toEqual([404, 'odoo.exceptions.MissingError', 'Record does not exist or has been deleted.\n(Record: res.partner(987655,), User: 2)']);
  });

  it('a sent quotation cannot be deleted; a draft can', async () => {
    const buyer = await create('res.partner', { name: 'Sent Buyer' });
    const [sent, draft] = [await create('sale.order', { partner_id: buyer }), await create('sale.order', { partner_id: buyer })];
    expect(await ok('sale.order/action_quotation_sent', { ids: [sent] })).toBe(true);
    expect((await ok('sale.order/read', { ids: [sent], fields: ['state'] }))[0].state).toBe('sent');
    const r = await json2(sb, 'sale.order/unlink', { ids: [sent] });
    expect([r.status, r.body.name, r.body.message]).toEqual([422, 'odoo.exceptions.UserError', 'You can not delete a sent quotation or a confirmed sales order. You must first cancel it.']);
    expect(await ok('sale.order/unlink', { ids: [draft] })).toBe(true);
  });
});

describe('ordering', () => {
  it("sorts by a many2one through the related record's order (partner_id by name), reversed by desc", async () => {
    const zed = await create('res.partner', { name: 'Zz Order Partner' });
    const abe = await create('res.partner', { name: 'Aa Order Partner' });
    const [forZed, forAbe] = [await create('sale.order', { partner_id: zed }), await create('sale.order', { partner_id: abe })];
    expect(await search('sale.order', [['id', 'in', [forZed, forAbe]]], 'partner_id')).toEqual([forAbe, forZed]);
    expect(await search('sale.order', [['id', 'in', [forZed, forAbe]]], 'partner_id desc')).toEqual([forZed, forAbe]);
    const rows = await ok('sale.order/search_read', { domain: [['id', 'in', [forZed, forAbe]]], fields: ['partner_id'], order: 'partner_id asc, id' });
    expect(rows.map((o: { partner_id: [number, string] }) => o.partner_id[1])).toEqual(['Aa Order Partner', 'Zz Order Partner']);
  });
});
