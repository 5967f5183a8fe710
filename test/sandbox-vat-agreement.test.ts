/**
 * The two sandboxes agree on VAT numbers: every VAT number the Amazon sandbox generates for a business buyer is
 * accepted by the ERP sandbox running Odoo's `base_vat` check exactly when it is meant to be valid, so the orders
 * with the deliberately invalid numbers (about one in ten) are the ones a real Odoo with `base_vat` refuses.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadCatalogue } from '../sandbox/amazon/src/catalogue.ts';
import { legacySellers } from '../sandbox/amazon/src/legacy-sellers.ts';
import { OrderGenerator } from '../sandbox/amazon/src/generator/order-generator.ts';
import { isValidVat } from '../sandbox/amazon/src/generator/vat-numbers.ts';
import { startErp, type ErpHandle } from './support/erp.ts';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw sandbox JSON

describe('VAT numbers of generated business buyers against the ERP’s base_vat check', () => {
  let erp: ErpHandle;
  beforeAll(async () => {
    erp = await startErp({ adminUrl: inject('pgAdminUrl'), label: 'vatagree', modules: ['base_vat'] });
  });
  afterAll(async () => {
    await erp?.close();
  });

  it('accepts the valid ones and refuses exactly the invalid ones, naming the number', async () => {
    const now = Date.parse('2026-03-02T12:00:00Z');
    // The mix before issue 8 (LEGACY_WORLD: business buyers among 97 % merchant orders), which the counts assume.
    const sellers = legacySellers();
    const orders = sellers.flatMap((s) => new OrderGenerator(11, loadCatalogue(), sellers)
      .generate(s.sellerId, { count: 400, createdFrom: now - 6 * 3_600_000, createdTo: now - 300_000, horizonMs: now - 180_000, lifecycle: 'history' }, () => false) as Obj[]);
    const buyers = orders.flatMap((o) => (o.tax?.taxRegistrations ?? []).map((r: Obj) =>
      ({ vat: r.taxRegistrationNumber as string, name: r.legalName as string, country: o.recipient.deliveryAddress.countryCode as string })));
    expect(buyers.length).toBeGreaterThan(20);
    const { sandbox } = erp;
    const call = async (path: string, body: object) => {
      const r = await fetch(`${sandbox.url}/json/2/${path}`, { method: 'POST', body: JSON.stringify(body),
        headers: { authorization: `bearer ${sandbox.apiKey}`, 'content-type': 'application/json' } });
      return { status: r.status, body: await r.json() as Obj };
    };
    const countries = (await call('res.country/search_read', { domain: [['code', 'in', [...new Set(buyers.map((b) => b.country))]]], fields: ['code'] })).body as unknown as Obj[];
    const countryId = new Map(countries.map((c) => [c.code as string, c.id as number]));
    let refused = 0;
    for (const b of buyers) {
      const r = await call('res.partner/create', { vals_list: [{ name: b.name, is_company: true, country_id: countryId.get(b.country), vat: b.vat }] });
      expect(r.status, `${b.vat}: ${JSON.stringify(r.body)}`).toBe(isValidVat(b.vat) ? 200 : 422);
      if (r.status === 422) {
        refused++;
        expect(r.body.message).toContain(`The VAT number [${b.vat.slice(2)}] for partner [${b.name}] does not seem to be valid.`);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(buyers.length / 4);
  });
});
