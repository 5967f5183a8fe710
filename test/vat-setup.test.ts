/**
 * The set-up against a sandbox seeded like a fresh Odoo 19 (US company in USD, only USD active, 15 % tax,
 * "Domestic"/"Foreign Trade", global rounding, no rates), the company's fiscal country set to Germany by hand as a
 * German seller does at install, through the real Odoo adapter over JSON-2:
 * - without consent nothing in the accounting changes and every missing piece is reported with its code;
 * - with consent the currencies are active, a tax group per tax country, the VAT taxes and the fiscal positions
 *   exist, the rounding is per line, RATE_MISSING is said, and a second run creates nothing;
 * - the tables' rows work in the ERP: an OSS order to France and a Pan-EU order in Poland, taxed and positioned as
 *   the tables say, are invoiced and posted (the sandbox enforces Odoo's tax-country rule on invoices), with
 *   Amazon's tax to the cent.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../connector/src/db/testing.ts';
import { createKeyring } from '../connector/src/core/crypto.ts';
import { createCoreServices, type CoreServices } from '../connector/src/core/services.ts';
import type { BackendRecord } from '../connector/src/core/backend/index.ts';
import type { OdooClient } from '../connector/src/erp/odoo/odoo-client.ts';
import { backendSettings } from '../connector/src/sync/backend-settings.ts';
import { ordersLookupTables } from '../connector/src/sync/orders/orders.lookups.ts';
import { setupBackend } from '../connector/src/sync/orders/setup/setup-backend.ts';
import { connectErp, startErp, type ErpHandle } from './support/erp.ts';

const EU_MARKETPLACES = ['A1PA6795UKMFR9', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1F83G8C2ARO7P', 'A1C3SOZRARQ6R3', 'A2NODRKZP88ZB9'];
const ACCOUNTING = ['account.tax', 'account.tax.group', 'account.fiscal.position'];

let erpHandle: ErpHandle;
let erp: OdooClient;
let db: Awaited<ReturnType<typeof openTestDatabase>>;
let core: CoreServices;
let backend: BackendRecord;

const count = async () => Object.fromEntries(await Promise.all(ACCOUNTING.map(async (m) => [m, await erp.searchCount(m, [])] as const)));

beforeAll(async () => {
  erpHandle = await startErp({ version: 19, label: 'vat_setup_erp', seed: 'fresh' });
  erp = await connectErp(erpHandle, { transport: 'json2' });
  const [de] = await erp.search('res.country', [['code', '=', 'DE']]);
  await erp.write('res.company', [1], { account_fiscal_country_id: de, country_id: de });
  db = await openTestDatabase('vat_setup_conn');
  core = createCoreServices(db, createKeyring(randomBytes(32)), { lockConnections: 1, settings: backendSettings, lookupTables: ordersLookupTables });
  backend = await core.backends.create({
    name: 'fresh-eu',
    amazonRegion: 'eu',
    sellerId: 'A2EUFRESH',
    marketplaceIds: EU_MARKETPLACES,
    erpUrl: erpHandle.sandbox.url,
    erpDb: erpHandle.sandbox.dbName,
    settings: { vat: { registrations: { PL: 'PL5260250274', GB: 'GB999999973' } } },
    credentials: { amazon: { lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'Atzr|r' }, erp: { apiKey: erpHandle.sandbox.apiKey, login: null, password: null } },
  });
});
afterAll(async () => {
  await core?.close();
  await db?.drop();
  await erp?.close();
  await erpHandle?.close();
});

describe('the set-up of a fresh Odoo for a German seller', () => {
  it('without consent: the accounting untouched, each missing piece reported with its code and steps', async () => {
    const before = await count();
    const report = await setupBackend(core, erp, backend, { actor: 'test' });
    expect(await count()).toEqual(before);
    const codes = new Set(report.problems.map((p) => p.code));
    for (const c of ['CURRENCY_INACTIVE', 'TAX_GROUP_MISSING', 'TAX_UNMAPPED', 'FISCAL_POSITION_UNMAPPED', 'ROUNDING_GLOBAL']) expect(codes, c).toContain(c);
    expect(report.problems.find((p) => p.code === 'TAX_GROUP_MISSING')!.message).toMatch(/Missing required value for the field 'Tax Group'/);
    const [company] = await erp.read('res.company', [1], ['tax_calculation_rounding_method']);
    expect(company!.tax_calculation_rounding_method).toBe('round_globally');
  });

  it('with consent: currencies, tax groups, taxes, positions and rounding; RATE_MISSING said; a second run creates nothing', async () => {
    const report = await setupBackend(core, erp, backend, { actor: 'test', createMissing: true });
    expect(report.problems.map((p) => p.code).sort()).toEqual(['RATE_MISSING', 'RATE_MISSING', 'RATE_MISSING', 'RATE_MISSING']);
    const active = await erp.searchRead('res.currency', [['name', 'in', ['EUR', 'GBP', 'PLN', 'SEK']]], ['name']);
    expect(active.map((c) => c.name).sort()).toEqual(['EUR', 'GBP', 'PLN', 'SEK']);
    const groups = await erp.searchRead('account.tax.group', [], ['name', 'country_id']);
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['VAT DE', 'VAT PL', 'VAT GB']));
    const [company] = await erp.read('res.company', [1], ['tax_calculation_rounding_method']);
    expect(company!.tax_calculation_rounding_method).toBe('round_per_line');

    const after = await count();
    const again = await setupBackend(core, erp, backend, { actor: 'test', createMissing: true });
    expect(again.created).toEqual([]);
    expect(await count()).toEqual(after);
  });

  it('the rows work in the ERP: an OSS sale to France and a Pan-EU sale in Poland invoice and post, tax to the cent', async () => {
    const tables = await core.lookups.loadTables(backend.id, ['tax_map', 'fiscal_position_map', 'marketplace_map']);
    const tax = (key: string) => (tables.get('tax_map')!.get(key) as { taxId: number }).taxId;
    const position = (key: string) => (tables.get('fiscal_position_map')!.get(key) as { fiscalPositionId: number }).fiscalPositionId;
    const pricelist = (tables.get('marketplace_map')!.get('A13V1IB3VIYZZH') as { pricelistId: number }).pricelistId;
    const countries = new Map((await erp.searchRead('res.country', [['code', 'in', ['FR', 'PL']]], ['code'])).map((c) => [c.code as string, c.id]));
    const [fr, pl] = await erp.create('res.partner', [
      { name: 'Client Paris', country_id: countries.get('FR') },
      { name: 'Klient Warszawa', country_id: countries.get('PL') },
    ]);
    const [product] = await erp.create('product.product', [{ name: 'Kaffee', type: 'consu', list_price: 12 }]);
    const orders = await erp.create('sale.order', [
      // Amazon: 24.00 incl. 20 % French VAT = 20.00 + 4.00
      { partner_id: fr, pricelist_id: pricelist, fiscal_position_id: position('oss|FR'), order_line: [[0, 0, { product_id: product, product_uom_qty: 2, price_unit: 12, tax_ids: [[6, 0, [tax('oss|FR|20')]]] }]] },
      // Amazon: 12.30 incl. 23 % Polish VAT = 10.00 + 2.30
      { partner_id: pl, pricelist_id: pricelist, fiscal_position_id: position('foreign_vat|PL'), order_line: [[0, 0, { product_id: product, product_uom_qty: 1, price_unit: 12.3, tax_ids: [[6, 0, [tax('foreign_vat|PL|23')]]] }]] },
    ]);
    const read = await erp.read('sale.order', orders, ['amount_tax', 'amount_total', 'fiscal_position_id']);
    expect(read.map((o) => [Number(o.amount_tax).toFixed(2), Number(o.amount_total).toFixed(2)])).toEqual([['4.00', '24.00'], ['2.30', '12.30']]);
    await erp.call('sale.order', 'action_confirm', orders);
    for (const id of orders) {
      const context = { active_model: 'sale.order', active_ids: [id], active_id: id };
      const [wizard] = await erp.create('sale.advance.payment.inv', [{ advance_payment_method: 'delivered' }], { context });
      await erp.call('sale.advance.payment.inv', 'create_invoices', [wizard!], { context });
    }
    const moves = await erp.searchRead('account.move', [['move_type', '=', 'out_invoice']], ['state']);
    expect(moves).toHaveLength(2);
    await erp.call('account.move', 'action_post', moves.map((m) => m.id));
    const posted = await erp.read('account.move', moves.map((m) => m.id), ['state', 'amount_tax']);
    expect(posted.map((m) => m.state)).toEqual(['posted', 'posted']);
  });
});
