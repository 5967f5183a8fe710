/**
 * Beyond the VAT recordings: the `base_vat` module as an option (off by default, kept once installed), numbers of
 * more countries, VAT numbers of contacts following their company, and several companies chosen per call through
 * `allowed_company_ids` — over JSON-2 and JSON-RPC.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase } from '../../../scripts/lib/test-db.ts';
import { startErpSandbox, type RunningErpSandbox } from '../src/index.ts';
import { executeKw, json2 } from './client.ts';

let vat: RunningErpSandbox;
let plain: RunningErpSandbox;
let vatDbUrl: string;
const drops: Array<() => Promise<void>> = [];
const DE = 57;
const FR = 75;

beforeAll(async () => {
  const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_vat_mod');
  const db2 = await createTestDatabase(inject('pgAdminUrl'), 'erp_vat_off');
  vatDbUrl = db.url;
  vat = await startErpSandbox({ databaseUrl: db.url, port: 0, modules: ['base_vat'], seed: { companyCountry: 'AT' } });
  plain = await startErpSandbox({ databaseUrl: db2.url, port: 0 });
  drops.push(async () => { await vat.close(); await db.drop(); }, async () => { await plain.close(); await db2.drop(); });
});
afterAll(async () => {
  for (const d of drops) await d();
});

const partner = (sb: RunningErpSandbox, vals: object) => json2(sb, 'res.partner/create', { vals_list: [vals] });

describe('base_vat as an option', () => {
  it('is off by default: any number is stored as given and the module fields do not exist', async () => {
    const r = await partner(plain, { name: 'No check GmbH', is_company: true, country_id: DE, vat: 'DE123456789' });
    expect(r.status).toBe(200);
    const read = await json2(plain, 'res.partner/read', { ids: r.body, fields: ['vat'] });
    expect(read.body[0].vat).toBe('DE123456789');
    const fields = await json2(plain, 'res.partner/fields_get', { allfields: ['vies_valid'] });
    expect(fields.body).toEqual({});
    expect((await json2(plain, 'res.partner/read', { ids: r.body, fields: ['vies_valid'] })).status).toBe(500);
  });

  it('when installed, stays installed on a later start of the same database without the option', async () => {
    const again = await startErpSandbox({ databaseUrl: vatDbUrl, port: 0 });
    try {
      const r = await json2(again, 'res.partner/create', { vals_list: [{ name: 'Still checked', is_company: true, country_id: DE, vat: 'DE123456789' }] });
      expect(r.status).toBe(422);
    } finally {
      await again.close();
    }
  });

  it("accepts the valid example numbers of Odoo's countries and refuses a changed check digit", async () => {
    const valid = ['ATU12345675', 'BE0477472701', 'CZ12345679', 'DK12345674', 'EE123456780', 'ESA12345674', 'FI12345671',
      'FR23334175221', 'GB123456782', 'EL123456783', 'HR01234567896', 'IE1234567FA', 'IT12345670017', 'LT123456715',
      'LU12345613', 'LV41234567891', 'MT12345634', 'NL123456782B90', 'NO123456785', 'PL1234567883', 'PT123456789',
      'RO1234567897', 'SE123456789701', 'SI12345679', 'SK2022749619'];
    const created = await json2(vat, 'res.partner/create', { vals_list: valid.map((v, i) => ({ name: `Valid ${i}`, is_company: true, country_id: DE, vat: v })) });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const bad = await partner(vat, { name: 'Bad IT', is_company: true, country_id: DE, vat: 'IT12345670018' });
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe('\nThe VAT number [12345670018] for partner [Bad IT] does not seem to be valid.  \nNote: the expected format is IT12345670017');
  });

  it("names the number by the company country's label and refuses 1-2 characters except the void markers", async () => {
    // the company is in Austria, whose VAT label is "USt"
    const r = await partner(vat, { name: 'Falsche UID', is_company: true, country_id: 12, vat: 'ATU12345678' });
    expect(r.body.message).toBe('\nThe USt number [U12345678] for partner [Falsche UID] does not seem to be valid.  \nNote: the expected format is ATU12345675');
    expect((await partner(vat, { name: 'Void', is_company: true, country_id: DE, vat: '/' })).status).toBe(200);
    const short = await partner(vat, { name: 'Short', is_company: true, country_id: DE, vat: 'X1' });
    expect(short.body.message).toBe("To explicitly indicate no (valid) VAT, use '/', 'na' or 'NA' instead. ");
  });

  it('refuses over JSON-RPC in error.data, and skips the check with context no_vat_validation', async () => {
    const r = await executeKw(vat, 'res.partner', 'create', [[{ name: 'Bad SAS', is_company: true, country_id: FR, vat: 'FR00303265045' }]]);
    expect(r.error.data.name).toBe('odoo.exceptions.ValidationError');
    expect(r.error.data.message).toContain('The VAT number [00303265045] for partner [Bad SAS]');
    const pushed = await executeKw(vat, 'res.partner', 'create', [[{ name: 'Pushed SAS', is_company: true, country_id: FR, vat: 'FR00303265045' }]], { context: { no_vat_validation: true } });
    expect(pushed.result).toEqual([expect.any(Number)]);
  });
});

describe('contacts take their commercial partner’s VAT number', () => {
  it('a delivery address reads its company’s number and commercial partner, and follows later changes', async () => {
    const company = (await partner(vat, { name: 'Mutter GmbH', is_company: true, country_id: DE, vat: 'DE123456788' })).body[0];
    const person = (await partner(vat, { name: 'Kontakt', parent_id: company })).body[0];
    const address = (await partner(vat, { name: 'Lager', parent_id: person, type: 'delivery', vat: 'DE999999999' })).body[0];
    const read = async (id: number) => (await json2(vat, 'res.partner/read', { ids: [id], fields: ['vat', 'commercial_partner_id'] })).body[0];
    expect(await read(address)).toEqual({ id: address, vat: 'DE123456788', commercial_partner_id: [company, 'Mutter GmbH'] });
    // a new number on the company reaches its contacts, normalised
    expect((await json2(vat, 'res.partner/write', { ids: [company], vals: { vat: 'fr 40 303 265 045' } })).status).toBe(200);
    expect((await read(address)).vat).toBe('FR40303265045');
    // moved to another company: the other company's number and commercial partner
    const other = (await partner(vat, { name: 'Andere AG', is_company: true, country_id: DE, vat: 'ATU12345675' })).body[0];
    await json2(vat, 'res.partner/write', { ids: [person], vals: { parent_id: other } });
    expect(await read(address)).toEqual({ id: address, vat: 'ATU12345675', commercial_partner_id: [other, 'Andere AG'] });
    // a contact without company is its own commercial partner
    expect((await read(company)).commercial_partner_id).toEqual([company, 'Mutter GmbH']);
    const found = await json2(vat, 'res.partner/search', { domain: [['commercial_partner_id', '=', other], ['id', '!=', other]], order: 'id' });
    expect(found.body).toEqual([person, address]);
  });
});

describe('several companies', () => {
  let second: number;
  it('creates a company with its partner, currency (activated) and VAT number, and gives the user access to it', async () => {
    const sek = (await json2(plain, 'res.currency/search', { domain: [['name', '=', 'SEK']], context: { active_test: false } })).body[0];
    const sweden = (await json2(plain, 'res.country/search', { domain: [['code', '=', 'SE']] })).body[0];
    const r = await json2(plain, 'res.company/create', { vals_list: [{ name: 'Nordic AB', currency_id: sek, country_id: sweden, vat: 'SE123456789701' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    second = r.body[0];
    const [c] = (await json2(plain, 'res.company/read', { ids: [second], fields: ['name', 'partner_id', 'currency_id', 'country_id', 'vat'] })).body;
    expect(c).toMatchObject({ name: 'Nordic AB', currency_id: [sek, 'SEK'], vat: 'SE123456789701' });
    const [p] = (await json2(plain, 'res.partner/read', { ids: [c.partner_id[0]], fields: ['name', 'is_company', 'company_id', 'country_id'] })).body;
    expect(p).toMatchObject({ name: 'Nordic AB', is_company: true, company_id: [second, 'Nordic AB'], country_id: [sweden, 'Sweden'] });
    expect((await json2(plain, 'res.currency/read', { ids: [sek], fields: ['active'] })).body[0].active).toBe(true);
    const [u] = (await json2(plain, 'res.users/read', { ids: [2], fields: ['company_id', 'company_ids'] })).body;
    expect(u).toEqual({ id: 2, company_id: [1, 'My Company'], company_ids: [1, second] });
  });

  it('gives new records the current company of allowed_company_ids and hides the other company’s records', async () => {
    const ctx2 = { allowed_company_ids: [second] };
    const journal = await json2(plain, 'account.journal/create', { vals_list: [{ name: 'Nordic sales', code: 'NSAL', type: 'sale' }], context: ctx2 });
    expect(journal.status).toBe(200);
    expect((await json2(plain, 'account.journal/read', { ids: journal.body, fields: ['company_id'], context: ctx2 })).body[0].company_id).toEqual([second, 'Nordic AB']);
    const shared = (await partner(plain, { name: 'Shared customer' })).body[0];
    const own = (await json2(plain, 'res.partner/create', { vals_list: [{ name: 'Nordic only', company_id: second }], context: ctx2 })).body[0];
    const names = async (context: object) => (await json2(plain, 'res.partner/search_read', { domain: [['id', 'in', [shared, own]]], fields: ['name'], order: 'id', context })).body.map((x: { name: string }) => x.name);
    expect(await names({ allowed_company_ids: [1] })).toEqual(['Shared customer']);
    expect(await names(ctx2)).toEqual(['Shared customer', 'Nordic only']);
    expect(await names({})).toEqual(['Shared customer', 'Nordic only']); // no context: all the user's companies
    expect((await json2(plain, 'account.journal/search_count', { domain: [['type', '=', 'sale']], context: ctx2 })).body).toBe(1);
    expect((await json2(plain, 'account.journal/search_count', { domain: [['type', '=', 'sale']], context: { allowed_company_ids: [1] } })).body).toBe(1);
    const denied = await json2(plain, 'account.journal/read', { ids: journal.body, fields: ['name'], context: { allowed_company_ids: [1] } });
    expect(denied.status).toBe(403);
    expect(denied.body.name).toBe('odoo.exceptions.AccessError');
  });

  it('refuses a company the user may not access, as Odoo does, over both transports', async () => {
    const r = await json2(plain, 'res.partner/search', { domain: [], context: { allowed_company_ids: [1, 99] } });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Access to unauthorized or invalid companies.' });
    const rpc = await executeKw(plain, 'res.partner', 'search_read', [[]], { fields: ['name'], context: { allowed_company_ids: [99] } });
    expect(rpc.error.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: 'Access to unauthorized or invalid companies.' });
    const ok = await executeKw(plain, 'res.partner', 'search_count', [[]], { context: { allowed_company_ids: [second, 1] } });
    expect(ok.result).toBeGreaterThan(0);
  });
});

describe('a database made before these fields', () => {
  it('gets the new columns when the sandbox starts on it again', async () => {
    const db = await createTestDatabase(inject('pgAdminUrl'), 'erp_old_schema');
    const first = await startErpSandbox({ databaseUrl: db.url, port: 0 });
    await first.close();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('ALTER TABLE res_partner DROP COLUMN commercial_partner_id; ALTER TABLE res_users DROP COLUMN company_ids; ALTER TABLE res_country DROP COLUMN vat_label');
    await client.end();
    const again = await startErpSandbox({ databaseUrl: db.url, port: 0 });
    try {
      const company = (await partner(again, { name: 'Old DB GmbH', is_company: true, vat: 'DE123456788' })).body[0];
      const child = await json2(again, 'res.partner/create', { vals_list: [{ name: 'Old DB contact', parent_id: company }], context: { allowed_company_ids: [1] } });
      expect(child.status).toBe(200);
      const [c] = (await json2(again, 'res.partner/read', { ids: child.body, fields: ['vat', 'commercial_partner_id'] })).body;
      expect(c).toMatchObject({ vat: 'DE123456788', commercial_partner_id: [company, 'Old DB GmbH'] });
    } finally {
      await again.close();
      await db.drop();
    }
  });
});
