// The VAT set-up against an ERP that answers like a fresh Odoo 19 (fresh-odoo.fake.ts, after setup-json2.jsonl).
import { describe, expect, it } from 'vitest';
import { FreshOdoo } from './fresh-odoo.fake.ts';
import { proposeTaxMap, type TaxSetupInput } from './tax-setup.ts';
import { setupMarketplaces, type SetupProblem } from './marketplace-setup.ts';
import { matchTax } from './vat-match.ts';
import type { EnsuredRecord } from './service-products.ts';

const MP = { DE: 'A1PA6795UKMFR9', FR: 'A13V1IB3VIYZZH', IT: 'APJ6JRA9NG5V4', PL: 'A1C3SOZRARQ6R3', SE: 'A2NODRKZP88ZB9', GB: 'A1F83G8C2ARO7P', US: 'ATVPDKIKX0DER', CA: 'A2EUQ1WTGCTBG2' };
const EU_SELLER = [MP.DE, MP.FR, MP.IT, MP.PL, MP.SE, MP.GB];
const PL_NUMBER = 'PL5260250274';

const input = (over: Partial<TaxSetupInput> = {}): TaxSetupInput => ({
  marketplaceIds: EU_SELLER,
  vat: { ossRegistered: true, registrations: { PL: PL_NUMBER } },
  existingTaxKeys: new Set(),
  existingPositionKeys: new Set(),
  conflictCountries: [],
  createMissing: false,
  ...over,
});

/** The whole VAT-relevant set-up: currencies (marketplace-setup) then taxes and positions (tax-setup). */
async function run(erp: FreshOdoo, over: Partial<TaxSetupInput> = {}) {
  const problems: SetupProblem[] = [];
  const records: EnsuredRecord[] = [];
  const changed: EnsuredRecord[] = [];
  const i = input(over);
  await setupMarketplaces(erp, i.marketplaceIds, records, problems, { createMissing: i.createMissing, changed });
  const r = await proposeTaxMap(erp, i, problems);
  const taxes = Object.fromEntries(r.taxRows.map((row) => [row.key, row.value]));
  const positions = Object.fromEntries(r.positionRows.map((row) => [row.key, row.value.fiscalPositionId]));
  return { problems, records: [...records, ...r.records], changed: [...changed, ...r.changed], taxes, positions };
}

const taxNamed = (erp: FreshOdoo, id: number | undefined) => erp.rows('account.tax').find((t) => t.id === id);
const countryOf = (erp: FreshOdoo, id: number | undefined) => erp.rows('res.country').find((c) => c.id === taxNamed(erp, id)?.country_id)?.code;
const positionNamed = (erp: FreshOdoo, id: number | null | undefined) => erp.rows('account.fiscal.position').find((p) => p.id === id);
const ACCOUNTING = ['res.currency', 'res.company', 'account.tax', 'account.tax.group', 'account.fiscal.position'];

describe('VAT set-up without consent', () => {
  it('changes nothing in the accounting and reports each missing piece with its code and the steps by hand', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    const { problems, taxes } = await run(erp);
    expect(erp.calls.filter((c) => ACCOUNTING.includes(c.model) && (c.method === 'create' || c.method === 'write'))).toEqual([]);
    const codes = new Set(problems.map((p) => p.code));
    for (const code of ['CURRENCY_INACTIVE', 'TAX_GROUP_MISSING', 'TAX_UNMAPPED', 'FISCAL_POSITION_UNMAPPED', 'ROUNDING_GLOBAL', 'VAT_REGISTRATION_MISSING']) {
      expect(codes, code).toContain(code);
    }
    const text = (code: string) => problems.filter((p) => p.code === code).map((p) => p.message);
    expect(text('CURRENCY_INACTIVE').join('\n')).toMatch(/EUR.*Accounting > Configuration > Currencies/);
    expect(text('CURRENCY_INACTIVE')).toHaveLength(4); // EUR, PLN, SEK, GBP
    // The tax group first, with Odoo's refusal spelled out; Germany has the chart's groups already.
    expect(text('TAX_GROUP_MISSING')).toEqual([expect.stringMatching(/Poland \(PL\).*Missing required value for the field 'Tax Group'.*"VAT PL", Country Poland/)]);
    expect(text('TAX_UNMAPPED').join('\n')).toMatch(/"PL VAT 23% incl\." 23 %/);
    expect(text('TAX_UNMAPPED').join('\n')).toMatch(/OSS taxes .* for .*FR.*"20% FR VAT \(OSS, incl\.\)" 20 %/);
    expect(text('TAX_UNMAPPED').join('\n')).toMatch(/0 % intra-EU reverse-charge tax of Germany/);
    expect(text('FISCAL_POSITION_UNMAPPED').join('\n')).toMatch(/Foreign VAT Poland.*Country Poland, Foreign Tax ID PL5260250274/);
    expect(text('FISCAL_POSITION_UNMAPPED').join('\n')).toMatch(/OSS B2C <country>/);
    expect(text('ROUNDING_GLOBAL')[0]).toMatch(/Round per Line/);
    expect(text('VAT_REGISTRATION_MISSING')[0]).toMatch(/to GB.*vat\.registrations/);
    // Every piece says how to let the set-up do it instead.
    for (const p of problems.filter((x) => x.code !== 'VAT_REGISTRATION_MISSING')) expect(p.message, p.code).toMatch(/--create-missing/);
    // What the ERP already has is still mapped: the chart's German "0% Exports" for exports.
    expect(taxNamed(erp, taxes['export|GB|0']?.taxId)?.name).toBe('0% Exports');
  });

  it('reports an unknown fiscal country and leaves a sales-tax seller without any VAT piece', async () => {
    const unknown = await run(new FreshOdoo({ fiscalCountry: null }));
    expect(unknown.problems.map((p) => p.code)).toContain('COMPANY_COUNTRY_UNKNOWN');
    // The seller says Germany, the ERP company is American: every invoice with German taxes would be refused.
    const mismatch = await run(new FreshOdoo(), { vat: { companyCountry: 'DE', ossRegistered: true, registrations: {} } });
    expect(mismatch.problems.find((p) => p.code === 'COMPANY_COUNTRY_MISMATCH')?.message).toMatch(/says DE .* fiscal country is US/);

    const erp = new FreshOdoo();
    const us = await run(erp, { marketplaceIds: [MP.US, MP.CA], vat: { ossRegistered: true, registrations: {} } });
    expect(us.problems.map((p) => p.code)).toEqual(['CURRENCY_INACTIVE']); // CAD only
    expect(us.taxes).toEqual({});
    expect(us.positions).toEqual({ 'sales_tax|US': null, 'sales_tax|CA': null });
  });

  it('says so when the ERP lacks the accounting models, instead of failing the whole set-up', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE', withoutModels: ['account.tax.group', 'account.fiscal.position', 'res.currency.rate'] });
    const { problems } = await run(erp);
    expect(problems.filter((p) => p.code === 'SETUP_INCOMPLETE').map((p) => p.message).join('\n')).toMatch(/account\.tax\.group|accounting models/);
  });
});

describe('VAT set-up with consent', () => {
  it('activates currencies, creates tax groups, taxes and fiscal positions in one call per model, sets per-line rounding, and maps them', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    const { problems, taxes, positions, changed, records } = await run(erp, { createMissing: true });
    expect(problems.map((p) => p.code).sort()).toEqual(['RATE_MISSING', 'RATE_MISSING', 'RATE_MISSING', 'RATE_MISSING', 'VAT_REGISTRATION_MISSING']);

    // Currencies: one write; rounding: per line.
    expect(erp.rows('res.currency').filter((c) => c.active).map((c) => c.name).sort()).toEqual(['EUR', 'GBP', 'PLN', 'SEK', 'USD']);
    expect(erp.calls.filter((c) => c.model === 'res.currency' && c.method === 'write')).toHaveLength(1);
    expect(erp.rows('res.company')[0]!.tax_calculation_rounding_method).toBe('round_per_line');
    expect(changed.map((c) => c.what)).toContain('company tax rounding set to round per line');

    // One create per model; the group of Poland before its taxes (the fake refuses a tax without one, as Odoo).
    expect(erp.creates('account.tax.group')).toEqual([1]);
    expect(erp.creates('account.tax')).toHaveLength(1);
    expect(erp.creates('account.fiscal.position')).toHaveLength(1);
    const plGroup = erp.rows('account.tax.group').find((g) => g.name === 'VAT PL')!;
    expect(plGroup.country_id).toBe(erp.countryId('PL'));

    // Domestic: Germany's own rates, price-included.
    const de19 = taxNamed(erp, taxes['domestic|DE|19']?.taxId)!;
    expect(de19).toMatchObject({ name: 'DE VAT 19% incl.', amount: 19, price_include_override: 'tax_included', country_id: erp.countryId('DE') });
    expect(taxes['domestic|DE|7']).toMatchObject({ priceIncluded: true });
    // OSS: the destination's rates booked as taxes of the company's country.
    for (const [key, name] of [['oss|FR|20', '20% FR VAT (OSS, incl.)'], ['oss|FR|5.5', '5.5% FR VAT (OSS, incl.)'], ['oss|AT|13', '13% AT VAT (OSS, incl.)']] as const) {
      expect(taxNamed(erp, taxes[key]?.taxId)?.name, key).toBe(name);
      expect(countryOf(erp, taxes[key]?.taxId), key).toBe('DE');
    }
    expect(positionNamed(erp, positions['oss|FR'])).toMatchObject({ name: 'OSS B2C France', country_id: erp.countryId('FR'), auto_apply: false });
    // Foreign VAT (Pan-EU stock in Poland): Poland's taxes and a position of Poland carrying the number.
    expect(countryOf(erp, taxes['foreign_vat|PL|23']?.taxId)).toBe('PL');
    expect(taxNamed(erp, taxes['foreign_vat|PL|23']?.taxId)?.tax_group_id).toBe(plGroup.id);
    expect(positionNamed(erp, positions['foreign_vat|PL'])).toMatchObject({ country_id: erp.countryId('PL'), foreign_vat: PL_NUMBER, auto_apply: false });
    // Merchant-fulfilled to Poland is OSS even though the seller is registered there.
    expect(countryOf(erp, taxes['oss|PL|23']?.taxId)).toBe('DE');
    // Domestic sales carry the company's own domestic position (not the created ones).
    expect(positionNamed(erp, positions['domestic|DE'])?.name).toBe('Domestic');
    // Every EU country is covered (OSS and B2B reach them all), the marketplaces' non-EU one only where it can be taxed.
    for (const c of ['AT', 'BE', 'CY', 'FI', 'LU', 'SE']) expect(positions[`oss|${c}`], c).toBeTypeOf('number');
    expect(Object.keys(taxes).some((k) => k.startsWith('oss|GB'))).toBe(false);
    expect(records.filter((r) => r.created && r.erpModel === 'account.tax').length).toBeGreaterThan(60);
  });

  it('maps 0 % by its meaning and its country: a reverse charge for EU businesses, an export tax outside, never another country\'s', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    // A US "0% Exports" beside the German chart's: it must never serve a German sale.
    const us = erp.countryId('US');
    erp.rows('account.tax.group').push({ id: 90, name: 'US 0%', country_id: us, sequence: 10 });
    erp.rows('account.tax').unshift({ id: 90, name: '0% Exports', amount: 0, amount_type: 'percent', type_tax_use: 'sale', price_include_override: false, country_id: us, tax_group_id: 90, sequence: 0, active: true });
    const { taxes, positions } = await run(erp, { createMissing: true });
    const rc = taxNamed(erp, taxes['intra_eu_b2b|IT|0']?.taxId)!;
    expect(rc).toMatchObject({ name: 'DE 0% intra-EU B2B (reverse charge)', amount: 0, country_id: erp.countryId('DE') });
    for (const c of ['FR', 'AT', 'PL']) expect(taxes[`intra_eu_b2b|${c}|0`]?.taxId, c).toBe(rc.id);
    expect(taxNamed(erp, taxes['export|GB|0']?.taxId)).toMatchObject({ name: '0% Exports', country_id: erp.countryId('DE') });
    expect(Object.values(taxes).map((t) => t.taxId)).not.toContain(90);
    expect(positionNamed(erp, positions['intra_eu_b2b|IT'])).toMatchObject({ name: 'Intra-EU B2B', vat_required: true, auto_apply: false });
    // The generic chart's "Foreign Trade" is reused for exports.
    expect(positionNamed(erp, positions['export|GB'])?.name).toBe('Foreign Trade');

    expect(matchTax({ ref: 'x', kind: 'reverse_charge', country: 'DE', rate: '0' }, [{ id: 1, name: '0% Exports', amount: 0, countryCode: 'DE', priceIncluded: false, groupId: 1 }])).toBeUndefined();
    expect(matchTax({ ref: 'x', kind: 'export', country: 'DE', rate: '0' }, [{ id: 1, name: '0% Exports', amount: 0, countryCode: 'US', priceIncluded: false, groupId: 1 }])).toBeUndefined();
    expect(matchTax({ ref: 'x', kind: 'reverse_charge', country: 'DE', rate: '0' }, [{ id: 7, name: '0% EU reverse charge', amount: 0, countryCode: 'DE', priceIncluded: true, groupId: 1 }])?.id).toBe(7);
  });

  it('reuses what the ERP already has and creates nothing on a second run; keys already set are left alone', async () => {
    const erp = new FreshOdoo({ fiscalCountry: 'DE' });
    // An existing German 19 % (price-included) and an Odoo-made OSS tax for France and its position.
    const de = erp.countryId('DE');
    erp.rows('account.tax').push(
      { id: 50, name: 'USt 19%', amount: 19, amount_type: 'percent', type_tax_use: 'sale', price_include_override: 'tax_included', country_id: de, tax_group_id: 1, sequence: 1, active: true },
      { id: 51, name: '20.0% FR VAT', amount: 20, amount_type: 'percent', type_tax_use: 'sale', price_include_override: 'tax_included', country_id: de, tax_group_id: 1, sequence: 1000, active: true },
    );
    erp.rows('account.fiscal.position').push({ id: 60, name: 'OSS B2C France', auto_apply: true, country_id: erp.countryId('FR'), foreign_vat: false, vat_required: false, sequence: 5, active: true });
    const first = await run(erp, { createMissing: true, existingTaxKeys: new Set(['domestic|DE|7']) });
    expect(first.taxes['domestic|DE|19']).toEqual({ taxId: 50, priceIncluded: true });
    expect(first.taxes['oss|FR|20']).toEqual({ taxId: 51, priceIncluded: true });
    expect(first.positions['oss|FR']).toBe(60);
    expect(first.taxes['domestic|DE|7']).toBeUndefined();
    expect(erp.rows('account.tax').filter((t) => t.amount === 19 && t.country_id === de && !/OSS/.test(String(t.name)))).toHaveLength(1);

    const calls = erp.calls.length;
    const second = await run(erp, { createMissing: true });
    expect(erp.calls.slice(calls).filter((c) => c.method === 'create' || c.method === 'write')).toEqual([]);
    expect(second.records.filter((r) => r.created)).toEqual([]);
    expect(second.taxes['domestic|DE|7']?.taxId).toBe(first.records.find((r) => r.what === 'tax DE VAT 7% incl.')!.erpId);
  });

  it('reports an active foreign currency without exchange rate (RATE_MISSING), and not once it has one', async () => {
    const erp = new FreshOdoo();
    erp.rows('res.currency').find((c) => c.name === 'CAD')!.active = true;
    const before = await run(erp, { marketplaceIds: [MP.US, MP.CA] });
    expect(before.problems).toEqual([expect.objectContaining({ code: 'RATE_MISSING', message: expect.stringMatching(/CAD .*rate 1\.0/) })]);
    erp.rows('res.currency.rate').push({ id: 1, currency_id: erp.rows('res.currency').find((c) => c.name === 'CAD')!.id, name: '2026-11-01', rate: 1.38 });
    expect((await run(erp, { marketplaceIds: [MP.US, MP.CA] })).problems).toEqual([]);
  });
});
