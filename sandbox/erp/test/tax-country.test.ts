/**
 * Odoo's tax-country rule on journal entries (`_validate_taxes_country`): an invoice or credit note may only carry
 * taxes of its tax country — the fiscal position's country when the position carries a foreign VAT number, else
 * the company's fiscal country — over JSON-2 and JSON-RPC; and the demo seed's coherent German company.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

const FPOS_MSG = 'This entry contains taxes that are not compatible with your fiscal position. Check the country set in fiscal position and in your tax configuration.';
const COUNTRY_MSG = 'This entry contains one or more taxes that are incompatible with your fiscal country. Check company fiscal country in the settings and tax country in taxes configuration.';

let sb: RunningErpSandbox;
let demo: RunningErpSandbox;
const drops: Array<() => Promise<void>> = [];
const ids = { de: 0, us: 0, partnerDe: 0, partnerUs: 0, product: 0, deTax: 0, usTax: 0, ossFpos: 0 };

const ok = async (s: RunningErpSandbox, path: string, body: unknown) => {
  const r = await json2(s, path, body);
  if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
const invoiceVals = (partner: number, tax: number, extra: Record<string, unknown> = {}) => ({
  move_type: 'out_invoice', partner_id: partner, ...extra,
  invoice_line_ids: [[0, 0, { product_id: ids.product, quantity: 1, price_unit: 119, tax_ids: [[6, 0, [tax]]] }]],
});
const invoiceOrder = async (orderId: number) => {
  const [wiz] = await ok(sb, 'sale.advance.payment.inv/create', { vals_list: [{ advance_payment_method: 'delivered' }], context: { active_model: 'sale.order', active_ids: [orderId] } });
  return json2(sb, 'sale.advance.payment.inv/create_invoices', { ids: [wiz], context: { active_model: 'sale.order', active_ids: [orderId] } });
};

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_taxcountry');
  const db2 = await createTestDatabase(inject('pgAdminUrl'), 'erp_demo_coherent');
  sb = await startErpSandbox({ databaseUrl: db.url, port: 0, seed: 'fresh' });
  demo = await startErpSandbox({ databaseUrl: db2.url, port: 0 });
  drops.push(async () => { await sb.close(); await db.drop(); }, async () => { await demo.close(); await db2.drop(); });
  for (const c of await ok(sb, 'res.country/search_read', { domain: [['code', 'in', ['US', 'DE']]], fields: ['code'] })) ids[c.code === 'DE' ? 'de' : 'us'] = c.id;
  await ok(sb, 'account.tax.group/create', { vals_list: [{ name: 'VAT DE', country_id: ids.de }] });
  [ids.deTax] = await ok(sb, 'account.tax/create', { vals_list: [{ name: 'DE 19%', amount: 19, type_tax_use: 'sale', price_include_override: 'tax_included', country_id: ids.de }] });
  [ids.usTax] = await ok(sb, 'account.tax/search', { domain: [['name', '=', '15%'], ['type_tax_use', '=', 'sale']] });
  [ids.partnerDe, ids.partnerUs] = await ok(sb, 'res.partner/create', { vals_list: [{ name: 'Kunde', country_id: ids.de }, { name: 'Customer', country_id: ids.us }] });
  [ids.product] = await ok(sb, 'product.product/create', { vals_list: [{ name: 'Widget', list_price: 119 }] });
  [ids.ossFpos] = await ok(sb, 'account.fiscal.position/create', { vals_list: [{ name: 'Germany (foreign VAT)', country_id: ids.de, foreign_vat: 'DE123456788' }] });
});
afterAll(async () => {
  for (const d of drops) await d();
});

describe('the tax-country rule on invoices (JSON-2)', () => {
  it('refuses invoicing an order taxed with another country\'s taxes: the invoice takes the order\'s position', async () => {
    const [o] = await ok(sb, 'sale.order/create', { vals_list: [{ partner_id: ids.partnerDe, order_line: [[0, 0, { product_id: ids.product, tax_ids: [[6, 0, [ids.deTax]]] }]] }] });
    expect((await ok(sb, 'sale.order/read', { ids: [o], fields: ['fiscal_position_id'] }))[0].fiscal_position_id[1]).toBe('Foreign Trade');
    await ok(sb, 'sale.order/action_confirm', { ids: [o] });
    const r = await invoiceOrder(o);
    expect([r.status, r.body.name, r.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', FPOS_MSG]);
  });

  it('refuses a foreign tax without fiscal position, accepts it under a position carrying a foreign VAT number', async () => {
    const bad = await json2(sb, 'account.move/create', { vals_list: [invoiceVals(ids.partnerDe, ids.deTax, { fiscal_position_id: false })] });
    expect([bad.status, bad.body.name, bad.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', COUNTRY_MSG]);
    const [inv] = await ok(sb, 'account.move/create', { vals_list: [invoiceVals(ids.partnerDe, ids.deTax, { fiscal_position_id: ids.ossFpos })] });
    expect(await ok(sb, 'account.move/action_post', { ids: [inv] })).toBe(false);
    expect((await ok(sb, 'account.move/read', { ids: [inv], fields: ['state', 'amount_tax', 'fiscal_position_id'] }))[0])
      .toEqual({ id: inv, state: 'posted', amount_tax: 19, fiscal_position_id: [ids.ossFpos, 'Germany (foreign VAT)'] });
    // its credit note keeps the position, so it posts too
    const [rev] = await ok(sb, 'account.move.reversal/create', { vals_list: [{ journal_id: 1 }], context: { active_model: 'account.move', active_ids: [inv] } });
    const action = await ok(sb, 'account.move.reversal/refund_moves', { ids: [rev] });
    expect((await ok(sb, 'account.move/read', { ids: [action.res_id], fields: ['fiscal_position_id'] }))[0].fiscal_position_id[0]).toBe(ids.ossFpos);
    expect(await ok(sb, 'account.move/action_post', { ids: [action.res_id] })).toBe(false);
    // a domestic (US) tax under the German position is refused in turn
    const mixed = await json2(sb, 'account.move/create', { vals_list: [invoiceVals(ids.partnerDe, ids.usTax, { fiscal_position_id: ids.ossFpos })] });
    expect([mixed.status, mixed.body.message]).toEqual([422, FPOS_MSG]);
  });

  it('invoices and posts an order placed under the foreign-VAT position', async () => {
    const [o] = await ok(sb, 'sale.order/create', { vals_list: [{ partner_id: ids.partnerDe, fiscal_position_id: ids.ossFpos, order_line: [[0, 0, { product_id: ids.product, tax_ids: [[6, 0, [ids.deTax]]] }]] }] });
    await ok(sb, 'sale.order/action_confirm', { ids: [o] });
    const r = await invoiceOrder(o);
    expect(r.status).toBe(200);
    expect((await ok(sb, 'account.move/read', { ids: [r.body.res_id], fields: ['fiscal_position_id'] }))[0].fiscal_position_id[0]).toBe(ids.ossFpos);
    expect(await ok(sb, 'account.move/action_post', { ids: [r.body.res_id] })).toBe(false);
  });

  it('refuses posting a draft whose taxes no longer fit the company\'s fiscal country, and refuses such a tax written on a line', async () => {
    const [inv] = await ok(sb, 'account.move/create', { vals_list: [invoiceVals(ids.partnerUs, ids.usTax)] });
    const [line] = (await ok(sb, 'account.move/read', { ids: [inv], fields: ['invoice_line_ids'] }))[0].invoice_line_ids;
    const w = await json2(sb, 'account.move.line/write', { ids: [line], vals: { tax_ids: [[6, 0, [ids.deTax]]] } });
    expect([w.status, w.body.message]).toEqual([422, FPOS_MSG]);
    await ok(sb, 'res.company/write', { ids: [1], vals: { account_fiscal_country_id: ids.de } });
    try {
      const r = await json2(sb, 'account.move/action_post', { ids: [inv] });
      // the invoice's automatic "Domestic" position is of the taxes' country: the fiscal country is what is wrong
      expect([r.status, r.body.name, r.body.message]).toEqual([422, 'odoo.exceptions.ValidationError', COUNTRY_MSG]);
    } finally {
      await ok(sb, 'res.company/write', { ids: [1], vals: { account_fiscal_country_id: ids.us } });
    }
    expect(await ok(sb, 'account.move/action_post', { ids: [inv] })).toBe(false);
  });
});

describe('the tax-country rule over JSON-RPC', () => {
  it('answers the ValidationError in error.data, as Odoo does', async () => {
    const r = await executeKw(sb, 'account.move', 'create', [[invoiceVals(ids.partnerDe, ids.deTax, { fiscal_position_id: false })]]);
    expect(r.result).toBeUndefined();
    expect([r.error.data.name, r.error.data.message]).toEqual(['odoo.exceptions.ValidationError', COUNTRY_MSG]);
    const okr = await executeKw(sb, 'account.move', 'create', [[invoiceVals(ids.partnerDe, ids.deTax, { fiscal_position_id: ids.ossFpos })]]);
    const post = await executeKw(sb, 'account.move', 'action_post', [okr.result]);
    expect(post.result).toBe(false);
  });
});

describe('the demo seed', () => {
  it('is a German seller in EUR whose taxes each have a group of their own country', async () => {
    const co = (await ok(demo, 'res.company/read', { ids: [1], fields: ['currency_id', 'country_id', 'account_fiscal_country_id'] }))[0];
    expect([co.currency_id[1], co.country_id[1], co.account_fiscal_country_id[1]]).toEqual(['EUR', 'Germany', 'Germany']);
    const taxes = await ok(demo, 'account.tax/search_read', { domain: [], fields: ['country_id', 'tax_group_id'] });
    const groups = new Map((await ok(demo, 'account.tax.group/search_read', { domain: [], fields: ['country_id'] })).map((g: { id: number; country_id: [number, string] }) => [g.id, g.country_id[0]]));
    expect(taxes.length).toBeGreaterThan(10);
    for (const t of taxes) expect(groups.get(t.tax_group_id[0])).toBe(t.country_id[0]);
    expect(new Set(taxes.map((t: { country_id: [number, string] }) => t.country_id[1]))).toEqual(new Set(['Germany', 'France', 'Italy', 'United Kingdom', 'Sweden', 'Poland']));
  });
});

describe('consolidated billing (the invoicing wizard)', () => {
  const twoOrders = async () => {
    const os = await ok(sb, 'sale.order/create', { vals_list: [1, 2].map(() => ({ partner_id: ids.partnerUs, order_line: [[0, 0, { product_id: ids.product, tax_ids: [[6, 0, [ids.usTax]]] }]] })) });
    await ok(sb, 'sale.order/action_confirm', { ids: os });
    return os as number[];
  };
  const invoice = async (os: number[], vals: Record<string, unknown>) => {
    const context = { active_model: 'sale.order', active_ids: os };
    const [wiz] = await ok(sb, 'sale.advance.payment.inv/create', { vals_list: [{ advance_payment_method: 'delivered', ...vals }], context });
    await ok(sb, 'sale.advance.payment.inv/create_invoices', { ids: [wiz], context });
    const read = await ok(sb, 'sale.order/read', { ids: os, fields: ['name', 'invoice_ids'] });
    return read as Array<{ name: string; invoice_ids: number[] }>;
  };

  it("makes one invoice of one customer's orders by default, naming both; one per order without it", async () => {
    const [a, b] = await invoice(await twoOrders(), {});
    expect(a!.invoice_ids).toEqual(b!.invoice_ids);
    const [move] = await ok(sb, 'account.move/read', { ids: a!.invoice_ids, fields: ['invoice_origin', 'invoice_line_ids'] });
    expect([move.invoice_origin, move.invoice_line_ids.length]).toEqual([`${a!.name}, ${b!.name}`, 2]);
    const [c, d] = await invoice(await twoOrders(), { consolidated_billing: false });
    expect([c!.invoice_ids.length, d!.invoice_ids.length]).toEqual([1, 1]);
    expect(c!.invoice_ids[0]).not.toBe(d!.invoice_ids[0]);
  });
});
